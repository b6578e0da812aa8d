// Stack update on the clock: add, modify in place or replace (new resource first, old one
// deleted in cleanup), remove in cleanup; on failure roll back to the previous template.
import { createResource, deleteAll, deleteResource, deployView, finalOutputs, missingImport } from './operations.js';
import { diffProperties, liveRecord, replaces } from './plan.js';
import type { OutputRecord, ParameterValue, ResourceRecord, TemplateRecord } from './records.js';
import { NESTED_STACK_TYPE, ResourceFailure } from './resource-types.js';
import { failureReason, inDependencyOrder } from './run.js';
import type { Run } from './run.js';
import type { SpecPort } from './spec-port.js';
import { propertiesOf, topologicalOrder } from './stack-context.js';
import type { StackInputs, StackView } from './stack-context.js';
import { policyDenial } from './stack-policy.js';

type Touched = { kind: 'added' } | { kind: 'modified'; old: ResourceRecord } | { kind: 'replaced'; old: ResourceRecord };

interface UpdateState {
  run: Run;
  view: StackView;
  spec: SpecPort;
  before: Record<string, ResourceRecord>;
  touched: Map<string, Touched>;
  previous: { template?: TemplateRecord; parameters: ParameterValue[]; outputs: OutputRecord[] };
  /** A parent's rollback puts a nested stack back whatever its policy says. */
  mode?: 'update' | 'parent-rollback';
}

/**
 * A nested stack returned to its previous template when its parent's update rolls back: the same
 * steps as an update, under the statuses CloudFormation shows for a rollback.
 */
const AS_ROLLBACK = {
  UPDATE_IN_PROGRESS: 'UPDATE_ROLLBACK_IN_PROGRESS',
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  UPDATE_COMPLETE: 'UPDATE_ROLLBACK_COMPLETE',
} as const;

/** UpdateStack / an executed UPDATE change set. The caller has checked there is something to do. */
export async function runUpdate(run: Run, inputs: StackInputs, spec: SpecPort, mode: 'update' | 'parent-rollback' = 'update'): Promise<void> {
  const status = (s: keyof typeof AS_ROLLBACK) => (mode === 'update' ? s : AS_ROLLBACK[s]);
  const s = run.stack;
  const previous = { ...(s.template ? { template: s.template } : {}), parameters: s.parameters, outputs: s.outputs };
  const before = structuredClone(s.resources);
  s.template = inputs.template;
  s.parameters = inputs.parameters;
  s.lastUpdatedTime = run.now();
  if (mode === 'update') run.setStatus('UPDATE_IN_PROGRESS', 'User Initiated');
  else run.setStatus(status('UPDATE_IN_PROGRESS'));
  let view: StackView;
  try {
    view = deployView(run, inputs);
  } catch (err) {
    view = deployView(run, { template: previous.template ?? inputs.template, parameters: previous.parameters });
    return rollback({ run, view, spec, before, touched: new Map(), previous }, failureReason(err));
  }
  const state: UpdateState = { run, view, spec, before, touched: new Map(), previous, mode };
  const missing = missingImport(view, inputs.template.body);
  if (missing) return rollback(state, missing);
  // A removal the stack policy refuses fails the update before anything changes.
  const refused = mode === 'update' ? Object.values(s.resources).filter((r) => !view.resources.has(r.logicalId)).map((r) => policyDenial(s.stackPolicy, r.logicalId, r.type, 'Update:Delete')).find((d) => d !== undefined) : undefined;
  if (refused) return rollback(state, refused);
  const order = topologicalOrder(view.dependencies);
  const results = await inDependencyOrder(order, (id) => view.dependencies.get(id) ?? [], (id) => updateResource(state, id), true);
  const failed = [...results].filter(([, r]) => r === 'failed').map(([id]) => id).sort();
  if (failed.length > 0) return rollback(state, `The following resource(s) failed to update: [${failed.join(', ')}]. `);
  const final = finalOutputs(run, view, inputs);
  if ('reason' in final) return rollback(state, final.reason);
  s.outputs = final.outputs;
  s.imports = [...view.imports];
  run.setStatus(status('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));
  const removed = Object.values(s.resources).filter((r) => !view.resources.has(r.logicalId));
  await deleteAll(run, removed);
  for (const r of removed) if (r.status === 'DELETE_COMPLETE' || r.status === 'DELETE_SKIPPED') delete s.resources[r.logicalId];
  for (const [, t] of state.touched) {
    if (t.kind === 'replaced') await deleteResource(run, t.old, t.old.updateReplacePolicy === 'Retain');
  }
  run.setStatus(status('UPDATE_COMPLETE'));
}

async function updateResource(state: UpdateState, id: string): Promise<boolean> {
  const { run, view, spec } = state;
  const active = view.resources.get(id);
  const old = state.before[id];
  if (!active) return true;
  if (!liveRecord(old)) {
    state.touched.set(id, { kind: 'added' });
    return createResource(run, view, id);
  }
  const rec = run.stack.resources[id] as ResourceRecord;
  rec.dependencies = [...(view.dependencies.get(id) ?? [])];
  if (active.deletionPolicy) rec.deletionPolicy = active.deletionPolicy;
  else delete rec.deletionPolicy;
  if (active.updateReplacePolicy) rec.updateReplacePolicy = active.updateReplacePolicy;
  else delete rec.updateReplacePolicy;
  try {
    const props = propertiesOf(view, id);
    const changes = diffProperties(spec, active.type, old.properties, props);
    const metadataChanged = JSON.stringify(old.metadata ?? {}) !== JSON.stringify(active.metadata ?? {});
    if (active.metadata) rec.metadata = active.metadata;
    // A nested stack's template may change behind an unchanged TemplateURL: the child decides.
    const childChanged = active.type === NESTED_STACK_TYPE && run.deps.nested.changed(run, rec, props);
    if (changes.length === 0 && !metadataChanged && !childChanged) return true;
    const kind = run.kind(active.type);
    run.checkRequired(id, active.type, props);
    const denied = state.mode === 'update' ? policyDenial(run.stack.stackPolicy, id, active.type, replaces(changes) ? 'Update:Replace' : 'Update:Modify') : undefined;
    if (denied) throw new ResourceFailure(denied);
    if (replaces(changes)) {
      const name = kind.nameProperty;
      if (name && props[name] !== undefined && JSON.stringify(props[name]) === JSON.stringify(old.properties[name])) {
        throw new ResourceFailure(`CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(props[name])} and update the stack again.`);
      }
      run.setResource(rec, 'UPDATE_IN_PROGRESS', 'Requested update requires the creation of a new physical resource; hence creating one.', props);
      await run.beforeResourceWork(active.type, 'update');
      if (run.failed) throw new ResourceFailure('Resource update cancelled');
      const made = await run.createPhysical(rec, props);
      Object.assign(rec, { physicalId: made.physicalId, ref: made.ref, attributes: made.attributes, properties: props });
      state.touched.set(id, { kind: 'replaced', old });
    } else {
      run.setResource(rec, 'UPDATE_IN_PROGRESS', undefined, props);
      await run.beforeResourceWork(active.type, 'update');
      if (run.failed) throw new ResourceFailure('Resource update cancelled');
      const made = await run.updatePhysical(rec, { physicalId: old.physicalId as string, ref: old.ref ?? '', attributes: old.attributes }, props);
      Object.assign(rec, { attributes: made.attributes, properties: props });
      state.touched.set(id, { kind: 'modified', old });
    }
    run.setResource(rec, 'UPDATE_COMPLETE');
    return true;
  } catch (err) {
    run.setResource(rec, 'UPDATE_FAILED', failureReason(err));
    run.failed = true;
    return false;
  }
}

async function rollback(state: UpdateState, reason: string): Promise<void> {
  const { run, touched, previous } = state;
  const s = run.stack;
  run.setStatus('UPDATE_ROLLBACK_IN_PROGRESS', reason);
  if (previous.template) s.template = previous.template;
  s.parameters = previous.parameters;
  let rollbackFailed = false;
  for (const [id, t] of [...touched].reverse()) {
    const rec = s.resources[id] as ResourceRecord;
    if (t.kind === 'added') continue;
    run.setResource(rec, 'UPDATE_IN_PROGRESS');
    try {
      await run.sleep();
      if (t.kind === 'modified' && rec.type === NESTED_STACK_TYPE) await run.deps.nested.rollBack(run, rec);
      else if (t.kind === 'modified') await run.updatePhysical(rec, { physicalId: t.old.physicalId as string, ref: t.old.ref ?? '', attributes: t.old.attributes }, t.old.properties);
      const replacement = { ...rec };
      Object.assign(rec, { physicalId: t.old.physicalId, ref: t.old.ref, attributes: t.old.attributes, properties: t.old.properties });
      if (t.kind === 'replaced') touched.set(id, { kind: 'replaced', old: replacement });
      run.setResource(rec, 'UPDATE_COMPLETE');
    } catch (err) {
      run.setResource(rec, 'UPDATE_FAILED', failureReason(err));
      rollbackFailed = true;
    }
  }
  // Resources whose update failed before changing anything are back to what they were.
  for (const [id, old] of Object.entries(state.before)) {
    const rec = s.resources[id];
    if (rec && rec.status === 'UPDATE_FAILED' && !touched.has(id) && liveRecord(old)) Object.assign(rec, { ...old, status: 'UPDATE_COMPLETE' });
  }
  if (rollbackFailed) {
    run.setStatus('UPDATE_ROLLBACK_FAILED', reason);
    return;
  }
  run.setStatus('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  const added = [...touched].filter(([, t]) => t.kind === 'added').map(([id]) => s.resources[id]).filter((r): r is ResourceRecord => r !== undefined);
  await deleteAll(run, added, () => false);
  for (const r of added) if (r.status === 'DELETE_COMPLETE') delete s.resources[r.logicalId];
  for (const [, t] of touched) if (t.kind === 'replaced') await deleteResource(run, t.old, false);
  s.outputs = previous.outputs;
  run.setStatus('UPDATE_ROLLBACK_COMPLETE');
}
