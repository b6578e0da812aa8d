// CodePipeline's SUPERSEDED mode: a newer commit supersedes an older run that waits for approval
// (its approval can no longer deploy anything); the newer run goes on to approval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApprovalRefused, decide, startRun } from '../../../src/pipeline/index.js';
import { fleetConfig, stackOf } from './fleet.js';
import { pipelineFixture } from '../../helpers/pipeline-fixture.js';

test('a newer commit supersedes a run waiting for approval; the older run cannot deploy', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': fleetConfig('  maxConcurrent: 2').replace('approval: { required: false }', 'approval: { required: true }') });
  t.after(() => fx.stop());
  const older = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(older.status, 'awaiting-approval', older.reason);
  fx.commit({ 'README.md': 'newer\n' }, 'newer commit');
  const newer = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(newer.status, 'awaiting-approval', newer.reason);
  assert.equal(fx.store.getRun(older.runId)?.status, 'superseded');
  const finished = fx.store.events(older.runId).find((e) => e.type === 'run-finished');
  assert.match(JSON.stringify(finished), /superseded by commit [0-9a-f]{12}/);
  // Approving the superseded run deploys nothing.
  const late = await decide(fx.deps, older.runId, { kind: 'approved', by: 'alice@example.com' }).catch((e: unknown) => e);
  if (late instanceof ApprovalRefused) assert.equal(late.code, 'NOT_AWAITING_APPROVAL');
  else assert.equal((late as { status: string }).status, 'superseded');
  assert.equal(await stackOf(fx, 'us-west-2', 'shop-app'), undefined, 'nothing was deployed by the superseded run');
  const done = await decide(fx.deps, newer.runId, { kind: 'approved', by: 'alice@example.com' });
  assert.equal(done.status, 'succeeded', done.reason);
});

test('a run with a recorded decision is not superseded: a newer commit waits for it', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': fleetConfig('  maxConcurrent: 2').replace('approval: { required: false }', 'approval: { required: true }') });
  t.after(() => fx.stop());
  const older = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(older.status, 'awaiting-approval', older.reason);
  // The decision is recorded (as the server does) but the run has not been carried on yet.
  fx.store.recordApproval({ runId: older.runId, decision: 'approved', by: 'alice@example.com', at: new Date().toISOString() });
  fx.commit({ 'README.md': 'newer\n' }, 'newer commit');
  const { RunRefused } = await import('../../../src/pipeline/index.js');
  await assert.rejects(startRun(fx.deps, { repo: fx.repo, ref: 'main' }), (e: unknown) => e instanceof RunRefused && e.code === 'RUN_IN_PROGRESS');
  assert.equal(fx.store.getRun(older.runId)?.status, 'awaiting-approval');
});
