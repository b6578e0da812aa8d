// `rollout.bake` on localcloud with the real engine: after each wave but the last, the run waits on
// an injected clock (a sleep moves it; nothing really waits) while reading CloudWatch alarms in the
// wave's regions. An alarm set to ALARM during the bake stops the next wave, and onFailure rollback
// restores what the run changed; a bake cut off by a lost lease continues where it stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { continueRun, OwnershipLost, startRun } from '../../../src/pipeline/index.js';
import type { PipelineFixture } from '../../helpers/pipeline-fixture.js';
import { fleetFixture, operations, templateOf } from './fleet.js';

const ROLLOUT = [
  '  waves: [[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2]]',
  '  maxConcurrent: 2',
  '  onFailure: rollback',
  '  bake: { duration: 10m, alarms: [api-errors], pollInterval: 1m }',
].join('\n');
const MINUTE = 60_000;

/**
 * The engine's clock, moved only by its sleeps: a wait of a second or more (the bake's) passes at
 * once, shorter ones (polls of localcloud) really wait too. `baked()` is the time the long waits took.
 */
function virtualClock(fx: PipelineFixture, onLongSleep: (ms: number, n: number) => Promise<void> = async () => {}) {
  let virtual = Date.UTC(2026, 5, 1);
  let long = 0;
  let n = 0;
  const now = () => virtual;
  const sleep = async (ms: number) => {
    virtual += ms;
    if (ms < 1000) return new Promise<void>((r) => setTimeout(r, ms));
    long += ms;
    await onLongSleep(ms, ++n);
  };
  fx.deps.now = now;
  fx.deps.cloud = { ...fx.deps.cloud, now, sleep };
  return { baked: () => long };
}

function cloudwatch(fx: PipelineFixture, region: string): CloudWatchClient {
  return new CloudWatchClient({ region, endpoint: fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
}

async function putAlarms(fx: PipelineFixture): Promise<void> {
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    const cw = cloudwatch(fx, region);
    await cw.send(new PutMetricAlarmCommand({ AlarmName: 'api-errors', MetricName: 'Errors', Namespace: 'Shop', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' }));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'api-errors', StateValue: 'OK', StateReason: 'quiet' }));
    cw.destroy();
  }
}

function retentionChange(fx: PipelineFixture): void {
  const app = readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8');
  fx.commit({ 'templates/app.yaml': app.replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600') }, 'longer retention');
}

test('waves bake on the injected clock; an alarm in ALARM during the bake stops the next wave and the changed region is rolled back', async (t) => {
  const fx = await fleetFixture(ROLLOUT);
  t.after(() => fx.stop());
  await putAlarms(fx);
  const clock = virtualClock(fx);
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'succeeded', first.reason);
  // Two bakes (after waves 1 and 2, none after the last), ten one-minute waits each.
  assert.equal(clock.baked(), 20 * MINUTE);
  const baked = fx.store.listSteps(first.runId).filter((s) => s.key.startsWith('bake:'));
  assert.deepEqual(baked.map((s) => [s.key, s.status, s.data.reason]), [
    ['bake:1', 'succeeded', 'baked 10m after wave 1; 11 alarm checks, none in ALARM'],
    ['bake:2', 'succeeded', 'baked 10m after wave 2; 11 alarm checks, none in ALARM'],
  ]);

  retentionChange(fx);
  const mark = Math.max(0, ...(await operations(fx.cloud.endpoint)).map((o) => o.seq));
  // Three minutes into the first bake, someone's alarm fires in the wave's region.
  virtualClock(fx, async (_ms, n) => {
    if (n !== 3) return;
    const cw = cloudwatch(fx, 'us-east-1');
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'api-errors', StateValue: 'ALARM', StateReason: 'Threshold Crossed: 3 errors' }));
    cw.destroy();
  });
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'rolled-back', run.reason);
  assert.equal(run.reason, 'bake after wave 1 failed: alarm api-errors is in ALARM in us-east-1 (Threshold Crossed: 3 errors); not started: us-west-2, eu-west-1, ap-southeast-2; rolled back: us-east-1');

  const executed = (await operations(fx.cloud.endpoint)).filter((o) => o.seq > mark && o.action === 'ExecuteChangeSet');
  assert.deepEqual([...new Set(executed.map((o) => o.region))], ['us-east-1'], 'no later wave deployed anything');
  assert.match(await templateOf(fx, 'us-east-1', 'shop-app'), /MessageRetentionPeriod: 345600/, 'the baked region runs the approved template again');
  for (const region of ['us-west-2', 'eu-west-1', 'ap-southeast-2']) assert.match(await templateOf(fx, region, 'shop-app'), /MessageRetentionPeriod: 345600/);
  const bake = fx.store.listSteps(run.runId).find((s) => s.key === 'bake:1');
  assert.equal(bake?.status, 'failed');
  const skipped = fx.store.listSteps(run.runId).filter((s) => s.key.startsWith('deploy:') && s.status === 'skipped').map((s) => s.region);
  assert.deepEqual(skipped.sort(), ['ap-southeast-2', 'eu-west-1', 'us-west-2']);
});

test('a bake cut off by a lost lease continues on resume instead of starting over', async (t) => {
  const fx = await fleetFixture(ROLLOUT.replace('[api-errors]', '[]'));
  t.after(() => fx.stop());
  // Four minutes into the first bake, the process loses the run.
  const clock = virtualClock(fx, async (_ms, n) => {
    if (n === 4) throw new OwnershipLost('RUN_LEASE_LOST', 'another process took the run');
  });
  const lost = await startRun(fx.deps, { repo: fx.repo, ref: 'main' }).catch((err: Error) => err);
  assert.ok(lost instanceof OwnershipLost);
  const runId = fx.store.listRuns({ limit: 1 })[0]?.id ?? '';
  assert.equal(fx.store.getRun(runId)?.status, 'running');
  const before = clock.baked();
  assert.equal(before, 4 * MINUTE);

  const logs: string[] = [];
  fx.deps.sink = (_id, e) => void (e.type === 'log' && logs.push(e.message));
  const resumed = await continueRun(fx.deps, runId);
  assert.equal(resumed.status, 'succeeded', resumed.reason);
  // The first bake had 6 minutes left (its start is journaled); the second bakes its full 10.
  assert.equal(clock.baked() - before, 6 * MINUTE + 10 * MINUTE);
  assert.ok(logs.some((l) => l === 'wave 1 deployed; baking 6m more (resumed) before wave 2'), logs.join('\n'));
});
