// What CloudFormation refuses when a template is submitted (CreateStack, UpdateStack,
// CreateChangeSet), before any resource exists: resource types that are not strings or not known,
// mappings a Fn::FindInMap cannot find, and transforms (macros) that are not deployed.
import { isRecord } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import { isDeleted } from './backend.js';
import { EvalFailure } from './intrinsics.js';
import type { RegionState } from './records.js';
import type { SpecPort } from './spec-port.js';
import type { StackView } from './stack-context.js';

const validation = (message: string) => new AwsError('ValidationError', message);

/**
 * Visits every object node of `value` the template would evaluate: of a Fn::If whose condition is
 * known, only the branch it takes (a branch not taken is never evaluated, in AWS either).
 */
export function walkActive(value: unknown, conditions: Record<string, boolean>, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walkActive(v, conditions, visit);
    return;
  }
  if (!isRecord(value)) return;
  const ifArgs = value['Fn::If'];
  if (Array.isArray(ifArgs) && ifArgs.length === 3 && typeof ifArgs[0] === 'string' && ifArgs[0] in conditions) {
    walkActive(conditions[ifArgs[0]] ? ifArgs[1] : ifArgs[2], conditions, visit);
    return;
  }
  visit(value);
  for (const v of Object.values(value)) walkActive(v, conditions, visit);
}

/** A Type that is not a string, or that the resource spec does not know. */
export function checkResourceTypes(body: Record<string, unknown>, spec: SpecPort): void {
  const resources = isRecord(body.Resources) ? body.Resources : {};
  const unknown = new Set<string>();
  for (const [id, r] of Object.entries(resources)) {
    if (id.startsWith('Fn::ForEach::') || !isRecord(r) || r.Type === undefined) continue;
    if (typeof r.Type !== 'string') throw validation(`Template format error: [/Resources/${id}] Every Type member must be a string.`);
    if (spec.knowsType(r.Type) === false) unknown.add(r.Type);
  }
  if (unknown.size > 0) throw validation(`Template format error: Unrecognized resource types: [${[...unknown].join(', ')}]`);
}

/** Every Fn::FindInMap the stack evaluates must find its keys now: its keys can only be parameters and literals. */
export function checkMappings(view: StackView, body: Record<string, unknown>): void {
  const check = (node: Record<string, unknown>) => {
    if (!('Fn::FindInMap' in node) || Object.keys(node).length !== 1) return;
    try {
      view.evaluate(node);
    } catch (err) {
      if (!(err instanceof EvalFailure)) throw err;
      if (!err.message.startsWith('Template error: Unable to get mapping')) return;
      // AWS names all three keys, whichever level is missing.
      const args = node['Fn::FindInMap'];
      const keys = Array.isArray(args) ? args.slice(0, 3).map((k) => view.evaluate(k)) : [];
      throw validation(keys.every((k) => typeof k === 'string') ? `Template error: Unable to get mapping for ${keys.join('::')}` : err.message);
    }
  };
  for (const r of view.resources.values()) walkActive(r.properties, view.conditions, check);
  const outputs = isRecord(body.Outputs) ? body.Outputs : {};
  for (const o of Object.values(outputs)) {
    if (isRecord(o) && typeof o.Condition === 'string' && view.conditions[o.Condition] !== true) continue;
    walkActive(o, view.conditions, check);
  }
}

/** Names of macros deployed in the region (AWS::CloudFormation::Macro resources of live stacks). */
function deployedMacros(rs: RegionState): Set<string> {
  const names = new Set<string>();
  for (const s of rs.stacks) {
    if (isDeleted(s)) continue;
    for (const r of Object.values(s.resources)) {
      if (r.type === 'AWS::CloudFormation::Macro' && r.status !== 'DELETE_COMPLETE' && typeof r.properties.Name === 'string') names.add(r.properties.Name);
    }
  }
  return names;
}

/** Transform names of the Transform section and of every inline Fn::Transform. */
function transformNames(body: Record<string, unknown>, topLevel: string[]): string[] {
  const names = [...topLevel];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) {
      const t = v['Fn::Transform'];
      if (t !== undefined) {
        const name = isRecord(t) ? t.Name : undefined;
        if (typeof name !== 'string') throw validation('Key Name of transform definition must be a string.');
        names.push(name);
      }
      Object.values(v).forEach(visit);
    }
  };
  for (const [key, value] of Object.entries(body)) if (key !== 'Transform') visit(value);
  return names;
}

/**
 * Transforms localcloud cannot run: a macro that is not deployed is refused as AWS refuses it, a
 * deployed one or an AWS transform (SAM, AWS::Include) because localcloud runs neither.
 * AWS::LanguageExtensions is expanded before this check and no longer appears.
 */
export function checkTransforms(rs: RegionState, body: Record<string, unknown>, topLevel: string[]): void {
  const names = transformNames(body, topLevel);
  if (names.length === 0) return;
  const macros = deployedMacros(rs);
  const missing = names.find((n) => !n.startsWith('AWS::') && !macros.has(n));
  if (missing) throw validation(`No transform named ${rs.account}::${missing} found.`);
  throw validation(`Transform ${[...new Set(names)].join(', ')} is not supported by localcloud`);
}

/** Surfaces an EvalFailure of a check as the request's ValidationError. */
export function asValidation<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof EvalFailure) throw validation(err.message);
    throw err;
  }
}
