// Every branch of a run on localcloud over HTTP: drift block and warn, rejection with and without a
// previous approved artifact in both stage modes, self-approval, approver lists, approval timeout, a
// failed create in a secondary region, and a change with replacement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ApprovalRefused, decide, runView, startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

const creds = { accessKeyId: '000000000000', secretAccessKey: 'x' };
const ALICE = 'alice@example.com';

async function stackStatus(fx: PipelineFixture, region: string, name: string): Promise<string | undefined> {
  const cfn = new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: creds });
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
  } catch {
    return undefined;
  } finally {
    cfn.destroy();
  }
}

async function stageTemplateHas(fx: PipelineFixture, text: string): Promise<boolean> {
  const { GetTemplateCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: fx.cloud.endpoint, credentials: creds });
  try {
    return ((await cfn.send(new GetTemplateCommand({ StackName: 'shop-app-stage' }))).TemplateBody ?? '').includes(text);
  } finally {
    cfn.destroy();
  }
}

function configWith(fx: PipelineFixture, replace: [string, string][]): string {
  let text = readFileSync(join(fx.repo, 'meridian.yaml'), 'utf8');
  for (const [from, to] of replace) {
    assert.ok(text.includes(from), `meridian.yaml has ${from}`);
    text = text.replace(from, to);
  }
  return text;
}

/** Deploys the example once (approved by Alice) and returns the fixture. */
async function deployedFixture(replace: [string, string][] = []): Promise<PipelineFixture> {
  const fx = await pipelineFixture();
  if (replace.length) fx.commit({ 'meridian.yaml': configWith(fx, replace) }, 'config');
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'awaiting-approval', first.reason);
  const done = await decide(fx.deps, first.runId, { kind: 'approved', by: ALICE });
  assert.equal(done.status, 'succeeded', done.reason);
  return fx;
}

const APP_CHANGE = (fx: PipelineFixture) => ({
  'templates/app.yaml': readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600'),
});

async function driftInEuWest1(fx: PipelineFixture) {
  const ssm = new SSMClient({ region: 'eu-west-1', endpoint: fx.cloud.endpoint, credentials: creds });
  await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'edited-by-hand', Type: 'String', Overwrite: true }));
  ssm.destroy();
}

test('drift with onDrift: block stops the run before approval, naming the stack and region', async (t) => {
  const fx = await deployedFixture();
  t.after(() => fx.stop());
  await driftInEuWest1(fx);
  fx.commit(APP_CHANGE(fx), 'retention');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'failed');
  assert.match(run.reason ?? '', /drift detected on shop-config@eu-west-1/);
  const drift = fx.events.find((e) => e.runId === run.runId && e.event.type === 'stage-finished' && e.event.stage === 'drift' && e.event.outcome === 'drifted');
  assert.ok(drift, 'a drifted stage event');
  assert.match(JSON.stringify(drift.event), /FeatureFlags.*\/Value/);
  assert.equal(fx.store.getApproval(run.runId), undefined, 'no approval was asked for');
  assert.equal(await stageTemplateHas(fx, 'MessageRetentionPeriod: 345600'), true, 'the stage is back to the approved template');
});

test('drift with onDrift: warn reports and goes on to approval', async (t) => {
  const fx = await deployedFixture([['drift: { onDrift: block }', 'drift: { onDrift: warn }']]);
  t.after(() => fx.stop());
  await driftInEuWest1(fx);
  fx.commit(APP_CHANGE(fx), 'retention');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  assert.ok(fx.events.some((e) => e.runId === run.runId && e.event.type === 'log' && /drift detected on shop-config@eu-west-1; continuing/.test(e.event.message)));
});

test('rejection with a previous approved artifact puts the stage stack back (stage retained)', async (t) => {
  const fx = await deployedFixture();
  t.after(() => fx.stop());
  fx.commit(APP_CHANGE(fx), 'retention');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval');
  assert.equal(await stageTemplateHas(fx, '1209600'), true, 'the stage runs the new template');
  const rejected = await decide(fx.deps, run.runId, { kind: 'rejected', by: ALICE, comment: 'not now' });
  assert.equal(rejected.status, 'rejected');
  assert.equal(await stageTemplateHas(fx, '345600'), true, 'the stage is back to the approved template');
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), 'UPDATE_COMPLETE');
  assert.equal(runView(fx.store, run.runId)?.approval?.comment, 'not now');
});

test('rejection without any approved artifact deletes the stage stacks', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), 'CREATE_COMPLETE');
  const rejected = await decide(fx.deps, run.runId, { kind: 'rejected', by: ALICE });
  assert.equal(rejected.status, 'rejected');
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), undefined);
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-config-stage'), undefined);
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app'), undefined, 'production was never touched');
});

test('stage: { retain: false } deletes the stage stacks after approval, and on rejection', async (t) => {
  const fx = await deployedFixture([['stage: { retain: true }', 'stage: { retain: false }']]);
  t.after(() => fx.stop());
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), undefined, 'deleted after approval');
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app'), 'CREATE_COMPLETE');
  fx.commit(APP_CHANGE(fx), 'retention');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), 'CREATE_COMPLETE');
  assert.equal((await decide(fx.deps, run.runId, { kind: 'rejected', by: ALICE })).status, 'rejected');
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), undefined, 'deleted on rejection');
});

test('the commit author cannot approve; an approver list is enforced; a later approver can', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  fx.commit({ 'meridian.yaml': configWith(fx, [['approvers: []', 'approvers: [alice@example.com, Dev Eloper]']]) }, 'approvers');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval');
  await assert.rejects(decide(fx.deps, run.runId, { kind: 'approved', by: 'dev@example.com' }), (e: unknown) => e instanceof ApprovalRefused && e.code === 'NOT_AN_APPROVER');
  await assert.rejects(decide(fx.deps, run.runId, { kind: 'approved', by: 'Dev Eloper' }), (e: unknown) => e instanceof ApprovalRefused && e.code === 'SELF_APPROVAL');
  await assert.rejects(decide(fx.deps, run.runId, { kind: 'approved', by: 'mallory@example.com' }), (e: unknown) => e instanceof ApprovalRefused && e.code === 'NOT_AN_APPROVER');
  assert.equal(fx.store.getRun(run.runId)?.status, 'awaiting-approval', 'refusals change nothing');
  assert.equal((await decide(fx.deps, run.runId, { kind: 'approved', by: 'ALICE@example.com' })).status, 'succeeded');
});

test('an approval that times out is a rejection, and the stage is reverted', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  fx.commit({ 'meridian.yaml': configWith(fx, [['timeout: 7d', 'timeout: 1h']]) }, 'short timeout');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval');
  const { continueRun } = await import('../../../src/pipeline/index.js');
  const later = { ...fx.deps, now: () => Date.now() + 2 * 3_600_000 };
  const timedOut = await continueRun(later, run.runId);
  assert.equal(timedOut.status, 'rejected');
  assert.equal(timedOut.reason, 'approval timed out; stage stacks deleted');
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), undefined);
});

test('a failed create in a secondary region fails the run and reports the region and stack', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  const fault = await fetch(`${fx.cloud.endpoint}/_localcloud/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ region: 'us-west-2', resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Queue limit exceeded' }),
  });
  assert.equal(fault.status, 200);
  const done = await decide(fx.deps, run.runId, { kind: 'approved', by: ALICE });
  assert.equal(done.status, 'failed');
  assert.match(done.reason ?? '', /deployment failed in us-west-2; not started: eu-west-1/);
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app'), 'CREATE_COMPLETE');
  assert.equal(await stackStatus(fx, 'us-west-2', 'shop-app'), 'ROLLBACK_COMPLETE');
  assert.equal(await stackStatus(fx, 'eu-west-1', 'shop-config'), undefined, 'a later region never started');
  const failure = fx.events.find((e) => e.event.type === 'resource' && e.event.status === 'CREATE_FAILED');
  assert.match(JSON.stringify(failure?.event), /us-west-2.*OrdersQueue|OrdersQueue.*us-west-2/);
  assert.match(JSON.stringify(failure?.event), /Queue limit exceeded/);
  // The next run deletes the dead stack (ROLLBACK_COMPLETE) and creates it again.
  fx.commit({ 'README.md': 'retry\n' }, 'retry');
  const retry = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(retry.status, 'awaiting-approval', retry.reason);
  assert.equal((await decide(fx.deps, retry.runId, { kind: 'approved', by: ALICE })).status, 'succeeded');
  assert.equal(await stackStatus(fx, 'us-west-2', 'shop-app'), 'CREATE_COMPLETE');
});

test('a change that replaces a resource is previewed as a replacement and deployed', async (t) => {
  const fx = await deployedFixture();
  t.after(() => fx.stop());
  const app = readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8').replace('      MessageRetentionPeriod: 345600\n', '      MessageRetentionPeriod: 345600\n      QueueName: !Sub ${AWS::StackName}-orders\n');
  fx.commit({ 'templates/app.yaml': app }, 'name the queue');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  const preview = fx.events.find((e) => e.runId === run.runId && e.event.type === 'stage-finished' && e.event.stage === 'preview' && e.event.region === 'eu-west-1' && e.event.stack === 'shop-app');
  assert.match(JSON.stringify(preview?.event), /OrdersQueue AWS::SQS::Queue \[REPLACEMENT\] \(QueueName\)/);
  assert.equal((await decide(fx.deps, run.runId, { kind: 'approved', by: ALICE })).status, 'succeeded');
});

test('stage: { retain: false } with nothing ever approved: rejection deletes the stage stacks', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  fx.commit({ 'meridian.yaml': configWith(fx, [['stage: { retain: true }', 'stage: { retain: false }']]) }, 'delete mode');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-config-stage'), 'CREATE_COMPLETE');
  assert.equal((await decide(fx.deps, run.runId, { kind: 'rejected', by: ALICE })).status, 'rejected');
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-config-stage'), undefined);
  assert.equal(await stackStatus(fx, 'us-east-1', 'shop-app-stage'), undefined);
});

test('a template over 51,200 bytes is deployed from the artifact bucket by TemplateURL', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  const topics = Array.from({ length: 400 }, (_, i) => `  Topic${i}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: shop-notifications-topic-number-${i}-for-the-order-service\n      KmsMasterKeyId: alias/aws/sns\n`).join('');
  const config = readFileSync(join(fx.repo, 'templates/config.yaml'), 'utf8').replace('Resources:\n', `Resources:\n${topics}`);
  assert.ok(Buffer.byteLength(config) > 51_200, `template is ${Buffer.byteLength(config)} bytes`);
  fx.commit({ 'templates/config.yaml': config }, 'many topics');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  const pkg = fx.store.getStep(run.runId, 'package:us-east-1')?.data.result as { stack: string; useUrl: boolean; url: string }[];
  const big = pkg.find((a) => a.stack === 'shop-config');
  assert.equal(big?.useUrl, true);
  assert.match(big?.url ?? '', /^https:\/\/s3\.amazonaws\.com\/meridian-shop-infra-000000000000-us-east-1\/shop-infra\/shop-config\/[0-9a-f]{64}\.yaml$/);
  assert.equal((await decide(fx.deps, run.runId, { kind: 'approved', by: ALICE })).status, 'succeeded');
  assert.equal(await stackStatus(fx, 'eu-west-1', 'shop-config'), 'CREATE_COMPLETE');
});
