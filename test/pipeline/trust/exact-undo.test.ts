// Undo applies the approved record exactly: after a parameter-only change (template unchanged) a
// rejection puts the stage stack's parameter values back, a wave failure with onFailure: rollback
// puts production's back, and a secret whose source changed since the approval stops the undo with
// a clear error instead of restoring a value nobody approved. localcloud over HTTP, real SQLite, git.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { decide, readRecord, runView, startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

const creds = { accessKeyId: '000000000000', secretAccessKey: 'x' };
const ALICE = 'alice@example.com';

async function parameters(fx: PipelineFixture, region: string, stack: string): Promise<Record<string, string>> {
  const cfn = new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: creds });
  try {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0];
    return Object.fromEntries((s?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
  } finally {
    cfn.destroy();
  }
}

const config = (fx: PipelineFixture) => readFileSync(join(fx.repo, 'meridian.yaml'), 'utf8');

async function approvedOnce(fx: PipelineFixture): Promise<void> {
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'awaiting-approval', first.reason);
  assert.equal((await decide(fx.deps, first.runId, { kind: 'approved', by: ALICE })).status, 'succeeded');
}

test('a rejected parameter-only change puts the stage stack back to the approved parameter values', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  await approvedOnce(fx);
  assert.equal((await parameters(fx, 'us-east-1', 'shop-app-stage')).Greeting, 'hello');
  fx.commit({ 'meridian.yaml': config(fx).replace('Greeting: hello', 'Greeting: howdy') }, 'parameters only');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  assert.equal((await parameters(fx, 'us-east-1', 'shop-app-stage')).Greeting, 'howdy', 'the stage runs the change');
  const rejected = await decide(fx.deps, run.runId, { kind: 'rejected', by: ALICE, comment: 'no' });
  assert.equal(rejected.status, 'rejected', rejected.reason);
  assert.match(rejected.reason ?? '', /stage stacks back to their last approved record/);
  assert.equal((await parameters(fx, 'us-east-1', 'shop-app-stage')).Greeting, 'hello', 'the approved value is back');
  // The revert cell says what happened, and production never saw the change.
  const view = runView(fx.store, run.runId);
  assert.equal(view?.steps.find((s) => s.stage === 'revert' && !s.stack)?.status, 'succeeded');
  assert.equal((await parameters(fx, 'us-east-1', 'shop-app')).Greeting, 'hello');
});

test('onFailure: rollback after a parameter-only change restores production to the approved values', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  fx.commit({ 'meridian.yaml': config(fx).replace('approval:\n', 'rollout: { onFailure: rollback }\napproval:\n') }, 'rollback on failure');
  await approvedOnce(fx);
  // A parameter-only change, and a failure in eu-west-1 (the last region) once us-east-1 and us-west-2 took it.
  fx.commit({ 'meridian.yaml': config(fx).replace('Greeting: hello', 'Greeting: howdy').replace('{ eu-west-1: { Greeting: bonjour } }', '{ eu-west-1: { Greeting: salut } }') }, 'parameters only');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  const fault = await fetch(`${fx.cloud.endpoint}/_localcloud/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ region: 'eu-west-1', resourceType: 'AWS::Lambda::Function', operation: 'update', message: 'injected failure' }) });
  assert.equal(fault.status < 300, true);
  const done = await decide(fx.deps, run.runId, { kind: 'approved', by: ALICE });
  assert.equal(done.status, 'rolled-back', done.reason);
  assert.equal((await parameters(fx, 'us-east-1', 'shop-app')).Greeting, 'hello', 'us-east-1 is back to the approved value');
  assert.equal((await parameters(fx, 'us-west-2', 'shop-app')).Greeting, 'hello', 'us-west-2 is back to the approved value');
  assert.equal((await parameters(fx, 'eu-west-1', 'shop-app')).Greeting, 'bonjour', 'eu-west-1 rolled back by CloudFormation itself');
  const record = await readRecord(fx.deps.cloud, { region: 'us-east-1' }, 'shop-infra', 'shop-app', 'production');
  assert.deepEqual(record.kind === 'record' ? record.record.parameters.Greeting : undefined, { value: 'hello' }, 'the record still holds the approved value');
});

test('a secret that changed since the approval stops the undo with a clear error, not a silent restore', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  fx.commit({ 'meridian.yaml': config(fx).replace('Greeting: hello', 'Greeting: { env: SHOP_GREETING }') }, 'greeting from the environment');
  const env: Record<string, string> = { SHOP_GREETING: 'hello-secret' };
  fx.deps.env = env;
  await approvedOnce(fx);
  const record = await readRecord(fx.deps.cloud, { region: 'us-east-1' }, 'shop-infra', 'shop-app', 'stage');
  assert.equal(record.kind, 'record');
  const greeting = record.kind === 'record' ? record.record.parameters.Greeting : undefined;
  assert.ok(greeting && 'secret' in greeting, 'kept by origin');
  assert.deepEqual('secret' in (greeting ?? {}) ? (greeting as { secret: unknown }).secret : undefined, { env: 'SHOP_GREETING' });
  assert.doesNotMatch(JSON.stringify(record), /hello-secret/, 'the value is not in the record');
  env.SHOP_GREETING = 'rotated';
  fx.commit({ 'templates/app.yaml': readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600') }, 'retention');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  const rejected = await decide(fx.deps, run.runId, { kind: 'rejected', by: ALICE });
  assert.equal(rejected.status, 'failed');
  assert.match(rejected.reason ?? '', /parameter Greeting was read from environment variable SHOP_GREETING, which now holds a different value than the approved one/);
});
