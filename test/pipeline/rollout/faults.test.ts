// The fleet under 30% injected throttling (the run still succeeds, one execute per stack x region),
// and a second account reached through STS AssumeRole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryPolicy } from '../../../src/cloud/index.js';
import { startRun } from '../../../src/pipeline/index.js';
import { admin, FLEET, fleetFixture, operations, stackOf } from './fleet.js';

test('30% of all calls throttled: the run succeeds, and each stack x region is executed once', async (t) => {
  const fx = await fleetFixture('  waves: [[us-east-1], [us-west-2, eu-west-1, ap-southeast-2]]\n  maxConcurrent: 3');
  t.after(() => fx.stop());
  // Ten attempts per call: at 30% a call fails for good once in 170,000; the stack-level retries back that up.
  fx.deps.cloud = { ...fx.deps.cloud, retry: retryPolicy({ attempts: 10, baseDelayMs: 5, maxDelayMs: 100 }) };
  await admin(fx, 'throttle', { fraction: 0.3 });
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  const throttle = (await (await fetch(`${fx.cloud.endpoint}/_localcloud/throttle`)).json()) as { throttled: number };
  assert.ok(throttle.throttled > 20, `many calls were throttled (${throttle.throttled})`);
  // The checks below are the test's own calls: they must not depend on where the seeded throttling falls.
  await admin(fx, 'throttle', { fraction: 0 });
  const ops = await operations(fx.cloud.endpoint);
  for (const region of FLEET) {
    for (const stack of ['shop-config', 'shop-app']) {
      assert.equal(ops.filter((o) => o.region === region && o.stackName === stack && o.action === 'ExecuteChangeSet').length, 1, `${stack} in ${region}`);
      assert.equal((await stackOf(fx, region, stack))?.status, 'CREATE_COMPLETE', `${stack} in ${region}`);
    }
  }
});

test('regions of a second account are deployed through AssumeRole, reading the primary account outputs', async (t) => {
  const accounts = 'accounts:\n  partner: { id: "222222222222", role: "arn:aws:iam::222222222222:role/meridian-deploy", regions: [eu-west-1, ap-southeast-2] }';
  const fx = await fleetFixture('  maxConcurrent: 3', accounts);
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  const primary = await stackOf(fx, 'us-east-1', 'shop-config');
  for (const region of ['eu-west-1', 'ap-southeast-2']) {
    const app = await stackOf(fx, region, 'shop-app', '222222222222');
    assert.equal(app?.status, 'CREATE_COMPLETE', `${region} in the partner account`);
    assert.equal(app?.parameters.PrimaryAssetsBucketArn, primary?.outputs.AssetsBucketArn, 'the value crossed accounts');
    assert.equal(await stackOf(fx, region, 'shop-app', '000000000000'), undefined, `${region}: nothing in the caller account`);
  }
  assert.equal((await stackOf(fx, 'us-west-2', 'shop-app', '000000000000'))?.status, 'CREATE_COMPLETE');
  const ops = await operations(fx.cloud.endpoint);
  const executes = ops.filter((o) => o.action === 'ExecuteChangeSet' && !o.stackName?.endsWith('-stage'));
  assert.deepEqual([...new Set(executes.filter((o) => o.account === '222222222222').map((o) => o.region))].sort(), ['ap-southeast-2', 'eu-west-1']);
  assert.deepEqual([...new Set(executes.filter((o) => o.account === '000000000000').map((o) => o.region))].sort(), ['us-east-1', 'us-west-2']);
  assert.ok(ops.some((o) => o.account === '222222222222' && o.region === 'eu-west-1' && o.action === 'CreateBucket'), 'the partner account has its own artifact bucket');
});

test('rollout.retries: a stack that failed for a transient reason is tried again; a failing template is not', async (t) => {
  const fx = await fleetFixture('  maxConcurrent: 3\n  failureTolerance: 1\n  retries: { attempts: 2, backoff: 10ms }');
  t.after(() => fx.stop());
  await admin(fx, 'faults', { region: 'us-west-2', resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Rate exceeded' });
  await admin(fx, 'faults', { region: 'eu-west-1', resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Queue limit exceeded' });
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  assert.equal(run.reason, 'failed within tolerance: eu-west-1');
  const executes = (region: string) => operations(fx.cloud.endpoint).then((ops) => ops.filter((o) => o.region === region && o.stackName === 'shop-app' && o.action === 'ExecuteChangeSet').length);
  assert.equal(await executes('us-west-2'), 2, 'the throttled create was tried again');
  assert.equal((await stackOf(fx, 'us-west-2', 'shop-app'))?.status, 'CREATE_COMPLETE');
  assert.equal(await executes('eu-west-1'), 1, 'a template failure is not retried');
  assert.ok(fx.events.some((e) => e.event.type === 'log' && /attempt 1 of shop-app in us-west-2 failed for a transient reason \(.*Rate exceeded.*\); retrying/.test(e.event.message)));
});
