// What a stack's template sees while it deploys: parameters, pseudo parameters, conditions,
// resources created so far, exports of the region; and the dependency graph of its resources.
// Intrinsic functions are evaluated by the template module's evaluator.
import { evaluate, evaluateConditions, EvaluationError, isRecord, modelOf } from '../../../template/index.js';
import type { EvaluationContext, TemplateModel } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import { EvalFailure, referencedIds } from './intrinsics.js';
import { parameterValueForTemplate } from './parameters.js';
import { NESTED_STACK_TYPE, plausibleAttribute } from './resource-types.js';
import type { ParameterValue, ResourceRecord, StackRecord, TemplateRecord } from './records.js';

export interface StackInputs {
  template: TemplateRecord;
  parameters: ParameterValue[];
}

/** One resource of the template whose Condition holds. */
export interface ActiveResource {
  logicalId: string;
  type: string;
  properties: unknown;
  dependsOn: string[];
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  metadata?: Record<string, unknown>;
}

export interface StackView {
  /** Evaluates a value of the template; unknown parts stay as intrinsics. Throws EvalFailure. */
  evaluate(value: unknown): unknown;
  conditions: Record<string, boolean>;
  exportValue(name: string): string | undefined;
  resources: Map<string, ActiveResource>;
  /** For each resource, the resources it waits for. */
  dependencies: Map<string, Set<string>>;
  /** Export names this template imports (filled as values are evaluated). */
  imports: Set<string>;
}

export interface ViewOptions {
  stack: StackRecord;
  inputs: StackInputs;
  /** Current resource records; Ref/GetAtt of a resource resolve only if `known(record)`. */
  records: () => Record<string, ResourceRecord>;
  known: (r: ResourceRecord) => boolean;
  exportValue: (name: string) => string | undefined;
  /** Deploying: a nested stack's GetAtt of an output it does not have fails (a plan leaves it unresolved). */
  strictOutputs?: boolean;
}

/** Evaluation errors of the template module become the failure text CloudFormation shows. */
function asFailure<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof EvaluationError) throw new EvalFailure(err.message);
    throw err;
  }
}

function evaluationContext(o: ViewOptions, imports: Set<string>): EvaluationContext {
  const valueOf = parameterValueForTemplate(o.inputs.template.body);
  const parameters: Record<string, string | string[]> = {};
  for (const p of o.inputs.parameters) parameters[p.key] = valueOf(p) as string | string[];
  return {
    region: o.stack.region,
    accountId: o.stack.account,
    stackName: o.stack.stackName,
    stackId: o.stack.stackId,
    notificationArns: o.stack.notificationArns,
    parameters,
    resolveResource(id, attribute) {
      const r = o.records()[id];
      if (!r || !o.known(r)) return undefined;
      if (attribute === undefined) return r.ref;
      if (attribute in r.attributes) return r.attributes[attribute];
      if (r.type === NESTED_STACK_TYPE) {
        if (o.strictOutputs) throw new EvalFailure(`Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
        return undefined;
      }
      return plausibleAttribute(r.type, attribute, r.physicalId ?? id, o.stack);
    },
    resolveImport(name) {
      imports.add(name);
      return o.exportValue(name);
    },
  };
}

/** Builds the evaluation view; throws ValidationError for circular dependencies. */
export function stackView(o: ViewOptions): StackView {
  const body = o.inputs.template.body;
  const model: TemplateModel = modelOf(body);
  const imports = new Set<string>();
  const ctx = evaluationContext(o, imports);
  const conditions = asFailure(() => evaluateConditions(model, ctx));
  const resourcesRaw = isRecord(body.Resources) ? body.Resources : {};
  const resources = new Map<string, ActiveResource>();
  for (const [id, raw] of Object.entries(resourcesRaw)) {
    if (!isRecord(raw)) continue;
    if (typeof raw.Condition === 'string' && conditions[raw.Condition] !== true) continue;
    const dependsOn = typeof raw.DependsOn === 'string' ? [raw.DependsOn] : Array.isArray(raw.DependsOn) ? raw.DependsOn.map(String) : [];
    const r: ActiveResource = { logicalId: id, type: String(raw.Type), properties: raw.Properties ?? {}, dependsOn };
    if (typeof raw.DeletionPolicy === 'string') r.deletionPolicy = raw.DeletionPolicy;
    if (typeof raw.UpdateReplacePolicy === 'string') r.updateReplacePolicy = raw.UpdateReplacePolicy;
    if (isRecord(raw.Metadata)) r.metadata = raw.Metadata;
    resources.set(id, r);
  }
  const dependencies = new Map<string, Set<string>>();
  for (const r of resources.values()) {
    const deps = new Set([...referencedIds(r.properties), ...r.dependsOn].filter((d) => resources.has(d) && d !== r.logicalId));
    dependencies.set(r.logicalId, deps);
  }
  const cycle = findCycle(dependencies);
  if (cycle) throw new AwsError('ValidationError', `Circular dependency between resources: [${cycle.join(', ')}]`);
  // The names Ref/GetAtt may use, built once: left to the evaluator it is rebuilt for every
  // value, which made a stack's deploy quadratic in its resources.
  // (The evaluator still lets any name through under a transform such as SAM.)
  const scope = { model, resources: new Set(model.resources.keys()) as ReadonlySet<string> };
  return {
    evaluate: (value) => asFailure(() => evaluate(value, ctx, conditions, scope)),
    conditions,
    exportValue: o.exportValue,
    resources,
    dependencies,
    imports,
  };
}

/** The first Fn::ImportValue in `value` whose export does not exist, as CloudFormation words it. */
export function missingExportIn(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(missingExportIn).find((m) => m !== undefined);
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Fn::ImportValue' && typeof value['Fn::ImportValue'] === 'string') return `No export named ${value['Fn::ImportValue']} found`;
  return Object.values(value).map(missingExportIn).find((m) => m !== undefined);
}

/** Evaluated properties of a resource for deploying; throws EvalFailure (a missing export too). */
export function propertiesOf(view: StackView, id: string, deploying = true): Record<string, unknown> {
  const r = view.resources.get(id);
  const value = r ? view.evaluate(r.properties) : {};
  const missing = deploying ? missingExportIn(value) : undefined;
  if (missing) throw new EvalFailure(missing);
  return isRecord(value) ? value : {};
}

/** Resource ids in an order where each comes after its dependencies. */
export function topologicalOrder(dependencies: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const d of dependencies.get(id) ?? []) visit(d);
    out.push(id);
  };
  for (const id of [...dependencies.keys()].sort()) visit(id);
  return out;
}

function findCycle(dependencies: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return stack.slice(stack.indexOf(id)).sort();
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of dependencies.get(id) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of dependencies.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** Outputs of the template, evaluated; throws EvalFailure if one cannot be resolved. */
export function outputsOf(view: StackView, body: Record<string, unknown>): { OutputKey: string; OutputValue: string; Description?: string; ExportName?: string }[] {
  const outputs = isRecord(body.Outputs) ? body.Outputs : {};
  const out: { OutputKey: string; OutputValue: string; Description?: string; ExportName?: string }[] = [];
  for (const [key, raw] of Object.entries(outputs)) {
    if (!isRecord(raw)) continue;
    if (typeof raw.Condition === 'string' && view.conditions[raw.Condition] !== true) continue;
    const value = view.evaluate(raw.Value);
    const text = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? undefined : String(value);
    if (text === undefined) throw new EvalFailure(`Output ${key} could not be resolved`);
    const o: { OutputKey: string; OutputValue: string; Description?: string; ExportName?: string } = { OutputKey: key, OutputValue: text };
    if (typeof raw.Description === 'string') o.Description = raw.Description;
    if (isRecord(raw.Export)) {
      const name = view.evaluate(raw.Export.Name);
      if (typeof name === 'string') o.ExportName = name;
    }
    out.push(o);
  }
  return out;
}
