// Waves on localcloud over HTTP: explicit and derived waves, concurrency within a wave, failure
// tolerance 0 and 1 with a failure injected in one region, and a secondary stack that gets the
// primary's bucket ARN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRun } from '../../../src/pipeline/index.js';
import { admin, deployStarts, fleetFixture, operations, stackOf } from './fleet.js';

const queueFault = (region: string) => ({ region, resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Queue limit exceeded' });

test('explicit waves: wave by wave, regions of a wave side by side; a secondary gets the primary bucket ARN', async (t) => {
  const fx = await fleetFixture('  waves: [[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2]]\n  maxConcurrent: 2');
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  const marks = deployStarts(fx, run.runId);
  const first = (region: string, kind: 'start' | 'end') => marks.findIndex((m) => m.region === region && m.kind === kind);
  assert.ok(first('us-east-1', 'end') < first('us-west-2', 'start') && first('us-east-1', 'end') < first('eu-west-1', 'start'), 'wave 2 waits for wave 1');
  assert.ok(Math.max(first('us-west-2', 'start'), first('eu-west-1', 'start')) < Math.min(first('us-west-2', 'end'), first('eu-west-1', 'end')), 'both regions of wave 2 run at once');
  assert.ok(first('ap-southeast-2', 'start') > Math.max(first('us-west-2', 'end'), first('eu-west-1', 'end')), 'wave 3 waits for wave 2');
  const primary = await stackOf(fx, 'us-east-1', 'shop-config');
  assert.match(primary?.outputs.AssetsBucketArn ?? '', /^arn:aws:s3:::/);
  for (const region of ['us-west-2', 'eu-west-1', 'ap-southeast-2']) {
    const app = await stackOf(fx, region, 'shop-app');
    assert.equal(app?.status, 'CREATE_COMPLETE', region);
    assert.equal(app?.parameters.PrimaryAssetsBucketArn, primary?.outputs.AssetsBucketArn, `${region} got the primary's bucket ARN`);
  }
});

test('derived waves: the primary alone, then the secondaries one at a time (maxConcurrent 1)', async (t) => {
  const fx = await fleetFixture('  maxConcurrent: 1');
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  const marks = deployStarts(fx, run.runId);
  // One region at a time: every region's end comes before the next region's start.
  assert.deepEqual(marks.filter((m, i) => i === 0 || marks[i - 1]?.region !== m.region).map((m) => m.region), ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']);
});

test('failureTolerance 0: one failed region stops the wave and later waves', async (t) => {
  const fx = await fleetFixture('  waves: [[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2]]\n  maxConcurrent: 1\n  failureTolerance: 0');
  t.after(() => fx.stop());
  await admin(fx, 'faults', queueFault('us-west-2'));
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'failed');
  assert.equal(run.reason, `deployment failed in us-west-2; not started: eu-west-1, ap-southeast-2; \`meridian rollback ${run.runId}\` restores the regions it changed`);
  assert.equal(await stackOf(fx, 'eu-west-1', 'shop-config'), undefined, 'the rest of the wave did not start');
  assert.equal(await stackOf(fx, 'ap-southeast-2', 'shop-config'), undefined, 'the next wave did not start');
  const data = fx.store.getRun(run.runId)?.data.rollout as { waves: { wave: number; failed: string[]; overTolerance: boolean }[] };
  assert.deepEqual(data.waves.map((w) => [w.wave, w.failed, w.overTolerance]), [[1, [], false], [2, ['us-west-2'], true], [3, [], false]]);
});

test('failureTolerance 1: the wave and later waves go on; the failed region is not recorded as approved', async (t) => {
  const fx = await fleetFixture('  waves: [[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2]]\n  maxConcurrent: 2\n  failureTolerance: 1');
  t.after(() => fx.stop());
  await admin(fx, 'faults', queueFault('us-west-2'));
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  assert.equal(run.reason, 'failed within tolerance: us-west-2');
  assert.equal((await stackOf(fx, 'us-west-2', 'shop-app'))?.status, 'ROLLBACK_COMPLETE');
  assert.equal((await stackOf(fx, 'eu-west-1', 'shop-app'))?.status, 'CREATE_COMPLETE');
  assert.equal((await stackOf(fx, 'ap-southeast-2', 'shop-app'))?.status, 'CREATE_COMPLETE');
  assert.equal(fx.store.getLastApproved('shop-infra', 'shop-app', 'us-west-2'), undefined);
  assert.equal(fx.store.getLastApproved('shop-infra', 'shop-app', 'ap-southeast-2')?.runId, run.runId);
});

test('an output name no template declares is a config error before anything deploys', async (t) => {
  const fx = await fleetFixture('  maxConcurrent: 2');
  t.after(() => fx.stop());
  const text = (await import('node:fs')).readFileSync(`${fx.repo}/meridian.yaml`, 'utf8').replace('name: AssetsBucketArn }', 'name: AssetsBucketArm }');
  fx.commit({ 'meridian.yaml': text }, 'typo');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'failed');
  assert.match(run.reason ?? '', /reads values that do not exist: stacks\[1\]\.secondaryParameters\.PrimaryAssetsBucketArn\.output: shop-config in us-east-1 declares no output AssetsBucketArm/);
  const ops = await operations(fx.cloud.endpoint);
  assert.deepEqual(ops.filter((o) => o.service === 'cloudformation'), [], 'no CloudFormation call changed anything');
});

test('a primary that fails within its wave tolerance: the secondaries deploy, the primary is not recorded', async (t) => {
  const fx = await fleetFixture('  waves:\n    - { regions: [us-east-1], failureTolerance: 1 }\n    - [us-west-2, eu-west-1, ap-southeast-2]\n  maxConcurrent: 3');
  t.after(() => fx.stop());
  await admin(fx, 'faults', { region: 'us-east-1', stackName: 'shop-app', resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Queue limit exceeded' });
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  assert.equal(run.reason, 'failed within tolerance: us-east-1');
  assert.equal((await stackOf(fx, 'us-east-1', 'shop-app'))?.status, 'ROLLBACK_COMPLETE');
  assert.equal((await stackOf(fx, 'eu-west-1', 'shop-app'))?.status, 'CREATE_COMPLETE');
  assert.equal(fx.store.getLastApproved('shop-infra', 'shop-app', 'us-east-1'), undefined);
  assert.equal(fx.store.getLastApproved('shop-infra', 'shop-app', 'eu-west-1')?.runId, run.runId);
});
