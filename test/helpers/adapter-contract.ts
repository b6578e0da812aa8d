// The adapter's create / no-change / update / change-set / delete flow as one scenario, run against
// every backend (moto_server, localcloud) so the adapter and an emulator cannot share a wrong belief.
import assert from 'node:assert/strict';
import { createChangeSet, deleteStack, describeStack, executeChangeSet, type CloudDeps, type ResourceEvent } from '../../src/cloud/index.js';

export { cloudDepsFor } from './cloud-deps.js';

const template = (value: string) =>
  JSON.stringify({
    Resources: {
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: value } },
      Topic: { Type: 'AWS::SNS::Topic' },
    },
    Outputs: { ParamName: { Value: { Ref: 'Param' } } },
  });

/**
 * Behaviours a backend is known not to implement; each is named where a test passes it, with the AWS
 * behaviour it misses.
 */
export type BackendGap = 'outputs-after-change-set';

/** Runs the whole flow in `region`; returns what a caller may compare across backends. */
export async function runAdapterScenario(deps: CloudDeps, region: string, stackName: string, gaps: ReadonlySet<BackendGap> = new Set()) {
  const target = { region };
  const events: ResourceEvent[] = [];
  const request = (value: string, n: number) => ({
    stackName,
    template: { body: template(value) },
    parameters: {},
    capabilities: [],
    tags: { app: 'meridian-test' },
    changeSetName: `meridian-run-${n}`,
    clientToken: `token-${stackName}-${n}`,
  });

  // Preview of a stack that does not exist, then discarded: nothing may be left behind.
  const { discardChangeSet } = await import('../../src/cloud/index.js');
  const preview = await createChangeSet(deps, target, request('v1', 0));
  assert.equal(preview.kind, 'changes');
  if (preview.kind !== 'changes') return;
  assert.equal(preview.type, 'CREATE');
  assert.deepEqual(preview.changes.map((c) => c.action).sort(), ['Add', 'Add']);
  await discardChangeSet(deps, target, stackName, preview.changeSetName, true);
  const afterPreview = await describeStack(deps, target, stackName);
  assert.ok(afterPreview === undefined || afterPreview.status === 'DELETE_COMPLETE', `preview left ${afterPreview?.status}`);

  const created = await createChangeSet(deps, target, request('v1', 1));
  assert.equal(created.kind, 'changes');
  if (created.kind !== 'changes') return;
  const createResult = await executeChangeSet(deps, target, { stackName, changeSetName: created.changeSetName, clientToken: `exec-${stackName}-1`, onEvent: (e) => events.push(e) });
  assert.equal(createResult.kind, 'succeeded', JSON.stringify(createResult));
  assert.equal(createResult.status, 'CREATE_COMPLETE');
  const stack = await describeStack(deps, target, stackName);
  assert.equal(stack?.status, 'CREATE_COMPLETE');
  assert.equal(stack?.tags.app, 'meridian-test');
  if (!gaps.has('outputs-after-change-set')) assert.ok(stack?.outputs.ParamName, 'the output is set');

  const same = await createChangeSet(deps, target, request('v1', 2));
  assert.equal(same.kind, 'no-changes');

  const changed = await createChangeSet(deps, target, request('v2', 3));
  assert.equal(changed.kind, 'changes');
  if (changed.kind !== 'changes') return;
  assert.equal(changed.type, 'UPDATE');
  const modify = changed.changes.find((c) => c.logicalId === 'Param');
  assert.equal(modify?.action, 'Modify');
  const updateResult = await executeChangeSet(deps, target, { stackName, changeSetName: changed.changeSetName, clientToken: `exec-${stackName}-3` });
  assert.equal(updateResult.status, 'UPDATE_COMPLETE');

  const deleted = await deleteStack(deps, target, stackName, { clientToken: `delete-${stackName}` });
  assert.equal(deleted.kind, 'succeeded');
  assert.equal(await describeStack(deps, target, stackName), undefined);
  return { events, modify };
}
