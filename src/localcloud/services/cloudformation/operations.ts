// Stack create and delete on the clock: resources in dependency order, events, rollback.
import { isRecord } from '../../../template/index.js';
import { exportsOf, importersOf } from './backend.js';
import { EvalFailure } from './intrinsics.js';
import { ResourceFailure } from './resource-types.js';
import type { OutputRecord, ResourceRecord } from './records.js';
import { failureReason, inDependencyOrder } from './run.js';
import type { Run } from './run.js';
import { outputsOf, propertiesOf, stackView, topologicalOrder } from './stack-context.js';
import type { StackInputs, StackView } from './stack-context.js';
import { walkActive } from './template-checks.js';

export type OnFailure = 'ROLLBACK' | 'DELETE' | 'DO_NOTHING';

/** The view of a stack's template for deploying: a resource is known once it has a physical id. */
export function deployView(run: Run, inputs: StackInputs): StackView {
  return stackView({
    stack: run.stack,
    inputs,
    records: () => run.stack.resources,
    known: (r) => r.physicalId !== undefined && r.status !== 'CREATE_FAILED',
    exportValue: (name) => exportsOf(run.rs).find((e) => e.name === name)?.value,
    strictOutputs: true,
  });
}

/** The first import of the template whose export does not exist: the operation fails before any resource. */
export function missingImport(view: StackView, body: Record<string, unknown>): string | undefined {
  const names: string[] = [];
  // Only imports the stack evaluates count: one in a Fn::If branch not taken, or in an output whose condition is false, does not.
  const visit = (node: Record<string, unknown>) => {
    if (!('Fn::ImportValue' in node)) return;
    try {
      const name = view.evaluate(node['Fn::ImportValue']);
      if (typeof name === 'string') names.push(name);
    } catch (err) {
      // an import name that cannot be evaluated fails its resource later, with the reason
      if (!(err instanceof EvalFailure)) throw err;
    }
  };
  for (const r of view.resources.values()) walkActive(r.properties, view.conditions, visit);
  for (const o of Object.values(isRecord(body.Outputs) ? body.Outputs : {})) {
    if (isRecord(o) && typeof o.Condition === 'string' && view.conditions[o.Condition] !== true) continue;
    walkActive(o, view.conditions, visit);
  }
  for (const name of names) view.imports.add(name);
  const missing = names.find((n) => view.exportValue(n) === undefined);
  return missing === undefined ? undefined : `No export named ${missing} found`;
}

/** Outputs of a finished deploy, or the reason they are refused (duplicate export, export in use). */
export function finalOutputs(run: Run, view: StackView, inputs: StackInputs): { outputs: OutputRecord[] } | { reason: string } {
  let outputs: OutputRecord[];
  try {
    outputs = outputsOf(view, inputs.template.body);
  } catch (err) {
    return { reason: failureReason(err) };
  }
  const others = exportsOf(run.rs).filter((e) => e.stack !== run.stack);
  for (const o of outputs) {
    const taken = o.ExportName ? others.find((e) => e.name === o.ExportName) : undefined;
    if (taken) return { reason: `Export with name ${taken.name} is already exported by stack ${taken.stack.stackName}` };
  }
  for (const old of run.stack.outputs) {
    if (!old.ExportName) continue;
    const users = importersOf(run.rs, old.ExportName, run.stack);
    if (users.length === 0) continue;
    const now = outputs.find((o) => o.ExportName === old.ExportName);
    if (!now) return { reason: `Cannot delete export ${old.ExportName} as it is in use by ${users.join(', ')}` };
    if (now.OutputValue !== old.OutputValue) return { reason: `Cannot update export ${old.ExportName} as it is in use by ${users.join(', ')}` };
  }
  return { outputs };
}

/** Creates one resource; false if it failed (the record then says why). */
export async function createResource(run: Run, view: StackView, id: string): Promise<boolean> {
  const active = view.resources.get(id);
  if (!active) return true;
  const rec: ResourceRecord = { logicalId: id, type: active.type, status: 'CREATE_IN_PROGRESS', timestamp: run.now(), properties: {}, attributes: {}, dependencies: [...(view.dependencies.get(id) ?? [])] };
  if (active.deletionPolicy) rec.deletionPolicy = active.deletionPolicy;
  if (active.updateReplacePolicy) rec.updateReplacePolicy = active.updateReplacePolicy;
  if (active.metadata) rec.metadata = active.metadata;
  run.stack.resources[id] = rec;
  try {
    const props = propertiesOf(view, id);
    rec.properties = props;
    run.setResource(rec, 'CREATE_IN_PROGRESS', undefined, props);
    run.checkRequired(id, active.type, props);
    await run.beforeResourceWork(active.type, 'create');
    if (run.failed) throw new ResourceFailure('Resource creation cancelled');
    const made = await run.createPhysical(rec, props);
    rec.physicalId = made.physicalId;
    rec.ref = made.ref;
    rec.attributes = made.attributes;
    run.setResource(rec, 'CREATE_COMPLETE');
    return true;
  } catch (err) {
    run.setResource(rec, 'CREATE_FAILED', failureReason(err));
    run.failed = true;
    return false;
  }
}

/** Deletes one resource (DeletionPolicy Retain: skipped); false if it failed. */
export async function deleteResource(run: Run, rec: ResourceRecord, retain = rec.deletionPolicy === 'Retain'): Promise<boolean> {
  if (rec.status === 'DELETE_COMPLETE' || rec.status === 'DELETE_SKIPPED') return true;
  if (retain) {
    run.setResource(rec, 'DELETE_SKIPPED');
    return true;
  }
  if (rec.physicalId === undefined) {
    run.setResource(rec, 'DELETE_COMPLETE');
    return true;
  }
  run.setResource(rec, 'DELETE_IN_PROGRESS');
  try {
    await run.beforeResourceWork(rec.type, 'delete');
    await run.deletePhysical(rec, rec.physicalId);
    run.setResource(rec, 'DELETE_COMPLETE');
    return true;
  } catch (err) {
    run.setResource(rec, 'DELETE_FAILED', failureReason(err));
    return false;
  }
}

/** Deletes records after everything that depends on them; returns the ids that failed. */
export async function deleteAll(run: Run, records: ResourceRecord[], retain: (r: ResourceRecord) => boolean = (r) => r.deletionPolicy === 'Retain'): Promise<string[]> {
  const byId = new Map(records.map((r) => [r.logicalId, r]));
  const dependents = (id: string) => records.filter((r) => r.dependencies.includes(id)).map((r) => r.logicalId);
  const results = await inDependencyOrder([...byId.keys()], dependents, (id) => deleteResource(run, byId.get(id) as ResourceRecord, retain(byId.get(id) as ResourceRecord)), false);
  return [...results].filter(([, r]) => r === 'failed').map(([id]) => id).sort();
}

/** CreateStack / an executed CREATE change set. */
export async function runCreate(run: Run, inputs: StackInputs, onFailure: OnFailure): Promise<void> {
  run.setStatus('CREATE_IN_PROGRESS', 'User Initiated');
  let view: StackView;
  try {
    view = deployView(run, inputs);
  } catch (err) {
    return failCreate(run, failureReason(err), onFailure);
  }
  const missing = missingImport(view, inputs.template.body);
  if (missing) return failCreate(run, missing, onFailure);
  const order = topologicalOrder(view.dependencies);
  const results = await inDependencyOrder(order, (id) => view.dependencies.get(id) ?? [], (id) => createResource(run, view, id), true);
  const failed = [...results].filter(([, r]) => r === 'failed').map(([id]) => id).sort();
  if (failed.length > 0) return failCreate(run, `The following resource(s) failed to create: [${failed.join(', ')}]. `, onFailure);
  const final = finalOutputs(run, view, inputs);
  if ('reason' in final) return failCreate(run, final.reason, onFailure);
  run.stack.outputs = final.outputs;
  run.stack.imports = [...view.imports];
  run.setStatus('CREATE_COMPLETE');
}

/** `A. B.` from `A` or `A. ` and `B.`, as CloudFormation joins reasons. */
export function withSentenceEnd(reason: string, more: string): string {
  const r = reason.trimEnd();
  return `${r.endsWith('.') ? r : `${r}.`} ${more}`;
}

async function failCreate(run: Run, reason: string, onFailure: OnFailure): Promise<void> {
  if (onFailure === 'DO_NOTHING') {
    run.setStatus('CREATE_FAILED', reason);
    return;
  }
  run.setStatus('ROLLBACK_IN_PROGRESS', withSentenceEnd(reason, 'Rollback requested by user.'));
  const failed = await deleteAll(run, Object.values(run.stack.resources));
  if (failed.length > 0) {
    run.setStatus('ROLLBACK_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
    return;
  }
  run.stack.outputs = [];
  run.setStatus('ROLLBACK_COMPLETE');
  if (onFailure === 'DELETE') await runDelete(run, []);
}

/** DeleteStack. `retainIds` are resources the caller asked to keep (RetainResources). */
export async function runDelete(run: Run, retainIds: string[]): Promise<void> {
  const s = run.stack;
  run.setStatus('DELETE_IN_PROGRESS', 'User Initiated');
  await run.sleep(0);
  for (const o of s.outputs) {
    const users = o.ExportName ? importersOf(run.rs, o.ExportName, s) : [];
    if (users.length > 0) {
      run.setStatus('DELETE_FAILED', `Cannot delete export ${o.ExportName} as it is in use by ${users.join(', ')}`);
      return;
    }
  }
  const failed = await deleteAll(run, Object.values(s.resources), (r) => r.deletionPolicy === 'Retain' || retainIds.includes(r.logicalId));
  if (failed.length > 0) {
    run.setStatus('DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
    return;
  }
  s.deletionTime = run.now();
  s.outputs = [];
  s.imports = [];
  run.rs.changeSets = run.rs.changeSets.filter((c) => c.stackId !== s.stackId);
  run.setStatus('DELETE_COMPLETE');
}
