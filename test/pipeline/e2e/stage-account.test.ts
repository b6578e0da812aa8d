// A stage in a staging account (`stage: { account }` naming a key of `accounts:`): the stage stacks
// are created, reverted and deleted there through STS AssumeRole, production stays in the caller's
// account, and nothing named for the stage ever appears in production's account. localcloud over
// HTTP keeps accounts apart by the credentials' access key, as AWS keeps them apart by account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { decide, startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

const STAGING = '222222222222';
const ALICE = 'alice@example.com';

/** The example's meridian.yaml with its stage in the staging account (`stageExtra`: more stage keys). */
function stagingConfig(stageExtra = ''): string {
  const base = readFileSync(join(process.cwd(), 'examples/shop-infra/meridian.yaml'), 'utf8');
  return base
    .replace(/^stage: .*$/m, `stage: { retain: true, account: staging${stageExtra} }`)
    .replace(/^stacks:/m, `accounts:\n  staging: { id: "${STAGING}", role: "arn:aws:iam::${STAGING}:role/meridian-stage" }\nstacks:`);
}

async function stack(fx: PipelineFixture, account: string, region: string, name: string) {
  const cfn = new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: { accessKeyId: account, secretAccessKey: 'x' } });
  try {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    return s ? { status: s.StackStatus, parameters: Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue])) } : undefined;
  } catch (err) {
    if ((err as Error).message.includes('does not exist')) return undefined;
    throw err;
  } finally {
    cfn.destroy();
  }
}

/** The keys in the artifact bucket of `account` in us-east-1, read with that account's credentials. */
async function bucketKeys(fx: PipelineFixture, account: string): Promise<string[]> {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: fx.cloud.endpoint, forcePathStyle: true, credentials: { accessKeyId: account, secretAccessKey: 'x' } });
  try {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: `meridian-shop-infra-${account}-us-east-1` }));
    return (out.Contents ?? []).map((o) => o.Key ?? '');
  } finally {
    s3.destroy();
  }
}

async function assumedRoles(fx: PipelineFixture): Promise<string[]> {
  const ops = (await (await fetch(`${fx.cloud.endpoint}/_localcloud/operations`)).json()) as { service: string; action: string; account: string; stackName?: string }[];
  return [...new Set(ops.filter((o) => o.service === 'cloudformation' && o.account === STAGING).map((o) => `${o.action} ${o.stackName ?? ''}`.trim()))];
}

test('stage: { account } deploys the stage stacks in the staging account; a rejection deletes them there, production never sees them', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': stagingConfig(', parameters: { Environment: staging }') });
  t.after(() => fx.stop());

  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  const staged = await stack(fx, STAGING, 'us-east-1', 'shop-config-stage');
  assert.equal(staged?.status, 'CREATE_COMPLETE', 'the stage stack is in the staging account');
  assert.equal(staged?.parameters.Environment, 'staging', 'with the stage parameters');
  assert.equal(await stack(fx, '000000000000', 'us-east-1', 'shop-config-stage'), undefined, 'and not in the caller account');
  assert.ok((await assumedRoles(fx)).includes('CreateChangeSet shop-config-stage'), 'the staging account saw the stage change set');

  const rejected = await decide(fx.deps, run.runId, { kind: 'rejected', by: ALICE, comment: 'not yet' });
  assert.equal(rejected.status, 'rejected', rejected.reason);
  // Never approved: the revert deletes the stage stacks, in the account they were made in.
  assert.equal(await stack(fx, STAGING, 'us-east-1', 'shop-config-stage'), undefined);
  assert.equal(await stack(fx, STAGING, 'us-east-1', 'shop-app-stage'), undefined);
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    assert.equal(await stack(fx, '000000000000', region, 'shop-config'), undefined, `no production stack in ${region} after a rejection`);
    assert.equal(await stack(fx, STAGING, region, 'shop-config'), undefined, `production never goes to the staging account (${region})`);
  }
  const names = (await assumedRoles(fx)).filter((o) => !o.endsWith('-stage'));
  assert.deepEqual(names.filter((o) => /shop-(config|app)$/.test(o)), [], 'the staging account saw only stage stacks');
});

test('stage: { account } then approval: production in the caller account, the stage stack kept in staging', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': stagingConfig() });
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  const done = await decide(fx.deps, run.runId, { kind: 'approved', by: ALICE });
  assert.equal(done.status, 'succeeded', done.reason);
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    assert.equal((await stack(fx, '000000000000', region, 'shop-app'))?.status, 'CREATE_COMPLETE', region);
  }
  assert.equal((await stack(fx, STAGING, 'us-east-1', 'shop-app-stage'))?.status, 'CREATE_COMPLETE', 'retained in staging');
  // The stage reads its templates from, and keeps its approved records in, the staging account's own bucket.
  const staging = await bucketKeys(fx, STAGING);
  assert.ok(staging.some((k) => k.startsWith('shop-infra/shop-app/')), `stage templates in staging: ${staging.join(', ')}`);
  assert.ok(staging.includes('records/shop-app/stage.json'), `the stage record in staging: ${staging.join(', ')}`);
  assert.equal(staging.includes('records/shop-app/production.json'), false, 'production records stay in production');
  assert.ok((await bucketKeys(fx, '000000000000')).includes('records/shop-app/production.json'));
  assert.equal(await stack(fx, '000000000000', 'us-east-1', 'shop-app-stage'), undefined);
});
