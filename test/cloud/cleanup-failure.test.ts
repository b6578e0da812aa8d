// A stack a failed first create left behind (ROLLBACK_FAILED here: its rollback could not delete a
// resource) must be deleted before it is created again. When that delete fails too, the change set
// call fails with AWS's own reason, instead of going on to "already exists" on every later run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChangeSet, describeStack, executeChangeSet } from '../../src/cloud/index.js';
import { startLocalCloud } from '../../src/localcloud/index.js';
import { cloudDepsFor } from '../helpers/cloud-deps.js';

const TEMPLATE = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' }, Queue: { Type: 'AWS::SQS::Queue', DependsOn: 'Topic' } } });

test('a failed delete of a stack left by a failed create is the failure, with its reason', async (t) => {
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  const deps = cloudDepsFor(cloud.endpoint);
  t.after(async () => {
    deps.pool.destroy();
    await cloud.stop();
  });
  const fault = (body: object) => fetch(`${cloud.endpoint}/_localcloud/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await fault({ resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Queue limit exceeded' });
  await fault({ resourceType: 'AWS::SNS::Topic', operation: 'delete', count: 5, message: 'Topic is in use by a subscription' });
  const target = { region: 'us-east-1' };
  const req = { stackName: 'app', template: { body: TEMPLATE }, parameters: {}, capabilities: [], tags: {}, changeSetName: 'cs-1', clientToken: 'tok-1' };
  const first = await createChangeSet(deps, target, req);
  assert.equal(first.kind, 'changes');
  if (first.kind !== 'changes') return;
  const op = await executeChangeSet(deps, target, { stackName: 'app', changeSetName: first.changeSetName, clientToken: 'exec-1', executionStatus: first.executionStatus });
  assert.equal(op.kind, 'failed');
  const left = await describeStack(deps, target, 'app');
  assert.ok(left && ['ROLLBACK_FAILED', 'ROLLBACK_COMPLETE'].includes(left.status), `left ${left?.status}`);
  await assert.rejects(createChangeSet(deps, target, { ...req, changeSetName: 'cs-2', clientToken: 'tok-2' }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'STACK_CLEANUP_FAILED');
    assert.match(err.message, /stack app in us-east-1 is ROLLBACK_(FAILED|COMPLETE) from a failed create and could not be deleted \(DELETE_FAILED: .*Topic is in use by a subscription/);
    return true;
  });
});
