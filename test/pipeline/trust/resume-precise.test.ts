// The journal resumes precisely. A process that dies after a first create failed (its checkpoint
// kept, its result not) is resumed: the resumed step reads the failure of that operation instead of
// deleting the ROLLBACK_COMPLETE stack and creating it again, and repeats none of its events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { continueRun, decide, startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture } from '../../helpers/pipeline-fixture.js';

test('a crash after a failed first create: resume takes that failure, creates nothing twice, repeats no event', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  await fetch(`${fx.cloud.endpoint}/_localcloud/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ region: 'us-west-2', resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Queue limit exceeded' }) });
  const failed = await decide(fx.deps, run.runId, { kind: 'approved', by: 'alice@example.com' });
  assert.equal(failed.status, 'failed');

  // What a process killed right after the operation ended leaves: the step running with its checkpoint, no result, the run running.
  const key = 'deploy:us-west-2:shop-app';
  const step = fx.store.getStep(run.runId, key);
  assert.ok(step?.data.deploy, 'the step kept a checkpoint before executing');
  const { result: _r, done: _d, reason: _why, ...checkpoint } = step.data;
  const db = new Database(fx.stateFile);
  db.prepare("UPDATE steps SET status = 'running', finished_at = NULL, data = ? WHERE run_id = ? AND key = ?").run(JSON.stringify(checkpoint), run.runId, key);
  db.close();
  fx.store.setRunStatus(run.runId, 'running');
  fx.store.acquireLock('pipeline:shop-infra', run.runId);

  const opsBefore = await operations(fx.cloud.endpoint);
  const eventsBefore = fx.events.length;
  const resumed = await continueRun(fx.deps, run.runId);
  assert.equal(resumed.status, 'failed');
  assert.match(resumed.reason ?? '', /deployment failed in us-west-2/);
  const ops = (await operations(fx.cloud.endpoint)).slice(opsBefore.length);
  const creates = ops.filter((o) => o.region === 'us-west-2' && o.stackName === 'shop-app' && /CreateChangeSet|ExecuteChangeSet|DeleteStack|CreateStack/.test(o.action));
  assert.deepEqual(creates, [], 'the resumed step neither deleted nor created shop-app again');
  const repeated = fx.events.slice(eventsBefore).filter((e) => e.event.type === 'resource' && e.event.region === 'us-west-2' && e.event.stack === 'shop-app');
  assert.deepEqual(repeated, [], 'no event of the old operation is repeated');
});

async function operations(endpoint: string): Promise<{ action: string; region: string; stackName?: string }[]> {
  return (await (await fetch(`${endpoint}/_localcloud/operations`)).json()) as { action: string; region: string; stackName?: string }[];
}
