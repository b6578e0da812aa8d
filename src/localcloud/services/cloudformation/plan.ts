// What an update would change: per resource Add/Modify/Remove, replacement and details, computed
// from the deployed properties and the new template (CreateChangeSet, UpdateStack).
import { isRecord } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import { exportsOf } from './backend.js';
import { isUnresolved, referencedIds } from './intrinsics.js';
import type { RegionState, ResourceChange, ResourceChangeDetail, ResourceRecord, StackRecord, Tag } from './records.js';
import { NESTED_STACK_TYPE } from './resource-types.js';
import type { RequiresRecreation, SpecPort } from './spec-port.js';
import { propertiesOf, stackView, topologicalOrder } from './stack-context.js';
import type { ActiveResource, StackInputs } from './stack-context.js';

export interface PropertyChange {
  attribute: 'Properties' | 'Tags';
  name: string;
  requires: RequiresRecreation;
  /** The new value depends on something that changes during the update. */
  dynamic: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Top-level properties that differ between deployed and new values. */
export function diffProperties(spec: SpecPort, type: string, before: Record<string, unknown>, after: Record<string, unknown>): PropertyChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: PropertyChange[] = [];
  for (const name of names) {
    if (same(before[name], after[name])) continue;
    const tags = name === 'Tags';
    out.push({
      attribute: tags ? 'Tags' : 'Properties',
      name,
      requires: tags ? 'Never' : spec.requiresRecreation(type, name),
      dynamic: isUnresolved(after[name]),
    });
  }
  return out;
}

/** True if the changes replace the resource for sure. */
export const replaces = (changes: PropertyChange[]) => changes.some((c) => c.requires === 'Always' && !c.dynamic);

export const liveRecord = (r: ResourceRecord | undefined): r is ResourceRecord =>
  r !== undefined && r.physicalId !== undefined && r.status !== 'DELETE_COMPLETE' && r.status !== 'CREATE_FAILED';

/**
 * Resource changes of moving `stack` to `inputs` (and to `tags`, when stack tags change). Throws ValidationError for a type change.
 * `nested`, when given, receives the evaluated properties of every nested stack resource the update keeps or adds.
 */
export function planChanges(rs: RegionState, stack: StackRecord, inputs: StackInputs, spec: SpecPort, tags: Tag[] = stack.tags, nested?: Map<string, Record<string, unknown>>): ResourceChange[] {
  const unknown = new Set<string>();
  const view = stackView({
    stack,
    inputs,
    records: () => stack.resources,
    known: (r) => liveRecord(r) && !unknown.has(r.logicalId),
    exportValue: (name) => exportsOf(rs).find((e) => e.name === name)?.value,
  });
  const oldRaw = isRecord(stack.template?.body.Resources) ? (stack.template?.body.Resources as Record<string, Record<string, unknown>>) : {};
  const params = new Set(inputs.parameters.map((p) => p.key));
  const changes: ResourceChange[] = [];
  const typeChanged: string[] = [];
  for (const id of topologicalOrder(view.dependencies)) {
    const active = view.resources.get(id);
    const old = stack.resources[id];
    if (!active) continue;
    if (nested && active.type === NESTED_STACK_TYPE) nested.set(id, propertiesOf(view, id, false));
    if (!liveRecord(old)) {
      unknown.add(id);
      changes.push({ Action: 'Add', LogicalResourceId: id, ResourceType: active.type, Scope: [], Details: [] });
      continue;
    }
    if (old.type !== active.type) {
      typeChanged.push(id);
      continue;
    }
    const props = diffProperties(spec, active.type, old.properties, propertiesOf(view, id, false));
    const metadataChanged = !same(old.metadata ?? {}, active.metadata ?? {});
    if (props.length === 0 && !metadataChanged) continue;
    const rawOld = oldRaw[id]?.Properties;
    const details = props.map((c) => detailOf(c, isRecord(rawOld) ? rawOld[c.name] : undefined, isRecord(active.properties) ? active.properties[c.name] : undefined, params, unknown));
    if (metadataChanged) details.push({ Target: { Attribute: 'Metadata', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'DirectModification' });
    const replacement = replaces(props) ? 'True' : props.some((c) => c.requires === 'Always' || c.requires === 'Conditionally') ? 'Conditional' : 'False';
    if (replacement !== 'False') unknown.add(id);
    const change: ResourceChange = {
      Action: 'Modify',
      LogicalResourceId: id,
      ResourceType: active.type,
      Replacement: replacement,
      Scope: [...new Set(details.map((d) => d.Target.Attribute))],
      Details: details,
    };
    if (old.physicalId) change.PhysicalResourceId = old.physicalId;
    changes.push(change);
  }
  if (JSON.stringify(tags) !== JSON.stringify(stack.tags)) addTagChanges(changes, stack, view.resources, spec);
  if (typeChanged.length > 0) {
    throw new AwsError('ValidationError', `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${typeChanged.join(', ')}]`);
  }
  for (const old of Object.values(stack.resources)) {
    if (!liveRecord(old) || view.resources.has(old.logicalId)) continue;
    const change: ResourceChange = { Action: 'Remove', LogicalResourceId: old.logicalId, ResourceType: old.type, Scope: [], Details: [] };
    if (old.physicalId) change.PhysicalResourceId = old.physicalId;
    changes.push(change);
  }
  return changes;
}

function detailOf(c: PropertyChange, rawOld: unknown, rawNew: unknown, params: Set<string>, unknown: Set<string>): ResourceChangeDetail {
  const target: ResourceChangeDetail['Target'] = { Attribute: c.attribute, RequiresRecreation: c.requires };
  if (c.attribute === 'Properties') target.Name = c.name;
  const refs = [...referencedIds(rawNew)];
  if (c.dynamic) {
    const cause = refs.find((r) => unknown.has(r));
    return { Target: target, Evaluation: 'Dynamic', ChangeSource: 'ResourceReference', ...(cause ? { CausingEntity: cause } : {}) };
  }
  if (!same(rawOld, rawNew)) return { Target: target, Evaluation: 'Static', ChangeSource: 'DirectModification' };
  const param = refs.find((r) => params.has(r));
  if (param) return { Target: target, Evaluation: 'Static', ChangeSource: 'ParameterReference', CausingEntity: param };
  const resource = refs[0];
  return { Target: target, Evaluation: 'Static', ChangeSource: 'ResourceReference', ...(resource ? { CausingEntity: resource } : {}) };
}

/** Stack tags propagate to every taggable resource: each one the update keeps is modified in its Tags. */
function addTagChanges(changes: ResourceChange[], stack: StackRecord, resources: Map<string, ActiveResource>, spec: SpecPort): void {
  const detail: ResourceChangeDetail = { Target: { Attribute: 'Tags', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'DirectModification' };
  for (const [id, active] of resources) {
    const old = stack.resources[id];
    if (!liveRecord(old) || !spec.taggable(active.type)) continue;
    const existing = changes.find((c) => c.LogicalResourceId === id);
    if (existing?.Action === 'Add') continue;
    if (existing) {
      if (!existing.Scope.includes('Tags')) existing.Scope.push('Tags');
      if (!existing.Details.some((d) => d.Target.Attribute === 'Tags')) existing.Details.push(detail);
      continue;
    }
    const change: ResourceChange = { Action: 'Modify', LogicalResourceId: id, ResourceType: active.type, Replacement: 'False', Scope: ['Tags'], Details: [detail] };
    if (old.physicalId) change.PhysicalResourceId = old.physicalId;
    changes.push(change);
  }
}
