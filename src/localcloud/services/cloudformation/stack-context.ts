// What a stack's template sees while it deploys: parameters, pseudo parameters, conditions,
// resources created so far, exports of the region; and the dependency graph of its resources.
import { isRecord } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import { evaluate, evaluateConditions, EvalFailure, referencedIds } from './intrinsics.js';
import type { EvalContext } from './intrinsics.js';
import { parameterValueForTemplate } from './parameters.js';
import { plausibleAttribute } from './resource-types.js';
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
  ctx: EvalContext;
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
}

/** Builds the evaluation view; throws ValidationError for circular dependencies. */
export function stackView(o: ViewOptions): StackView {
  const body = o.inputs.template.body;
  const valueOf = parameterValueForTemplate(body);
  const params = new Map(o.inputs.parameters.map((p) => [p.key, valueOf(p)]));
  const resourcesRaw = isRecord(body.Resources) ? body.Resources : {};
  const pseudo: Record<string, unknown> = {
    'AWS::AccountId': o.stack.account,
    'AWS::Region': o.stack.region,
    'AWS::StackId': o.stack.stackId,
    'AWS::StackName': o.stack.stackName,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': o.stack.notificationArns,
  };
  const imports = new Set<string>();
  const base: Omit<EvalContext, 'conditions'> = {
    region: o.stack.region,
    mappings: isRecord(body.Mappings) ? body.Mappings : {},
    ref(name) {
      if (params.has(name)) return params.get(name);
      if (name in pseudo) return pseudo[name];
      const r = o.records()[name];
      return r && o.known(r) ? r.ref : undefined;
    },
    getAtt(id, attr) {
      const r = o.records()[id];
      if (!r || !o.known(r)) return undefined;
      if (attr in r.attributes) return r.attributes[attr];
      return plausibleAttribute(r.type, attr, r.physicalId ?? id, o.stack);
    },
    importValue(name) {
      imports.add(name);
      const v = o.exportValue(name);
      if (v === undefined) throw new EvalFailure(`No export named ${name} found`);
      return v;
    },
  };
  const conditions = evaluateConditions(isRecord(body.Conditions) ? body.Conditions : {}, base);
  const ctx: EvalContext = { ...base, conditions };
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
  return { ctx, resources, dependencies, imports };
}

/** Evaluated properties of a resource, or an EvalFailure. */
export function propertiesOf(view: StackView, id: string): Record<string, unknown> {
  const r = view.resources.get(id);
  const value = r ? evaluate(r.properties, view.ctx) : {};
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
    if (typeof raw.Condition === 'string' && view.ctx.conditions[raw.Condition] !== true) continue;
    const value = evaluate(raw.Value, view.ctx);
    const text = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? undefined : String(value);
    if (text === undefined) throw new EvalFailure(`Output ${key} could not be resolved`);
    const o: { OutputKey: string; OutputValue: string; Description?: string; ExportName?: string } = { OutputKey: key, OutputValue: text };
    if (typeof raw.Description === 'string') o.Description = raw.Description;
    if (isRecord(raw.Export)) {
      const name = evaluate(raw.Export.Name, view.ctx);
      if (typeof name === 'string') o.ExportName = name;
    }
    out.push(o);
  }
  return out;
}
