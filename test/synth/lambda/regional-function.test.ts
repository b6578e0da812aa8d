// The bundled functions (index.mjs as Lambda runs it) against localcloud over HTTP, in three regions:
// package from the S3 source (opening the run's journal in S3), validate, preview, stage, drift and
// its policy, the decision, production per region, finish (records), and re-attach to a deployment
// that outlived one invocation.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js';
import { bundleFunctions } from '../../../src/synth/index.js';
import { signedLink } from '../../../src/synth/lambda/approval.js';
import { unzip } from '../../../src/synth/lambda/unzip.js';
import { zipFiles } from '../../../src/synth/zip-files.js';
import { configOf } from '../configs.js';
import { treeOf } from '../tree-of.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/shop-infra/', import.meta.url));
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const credentials = { accessKeyId: '000000000000', secretAccessKey: 'test' };

type Handler = (event: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<Record<string, unknown>>;
type UrlHandler = (event: unknown) => Promise<{ statusCode: number; body: string }>;


describe('synth: bundled regional function against localcloud', () => {
  let cloud: LocalCloud;
  let work: string;
  let handler: Handler;
  let approvalHandler: UrlHandler;
  const runId = 'exec-0001';
  const JOURNAL = 'meridian-shop-infra-000000000000-us-east-1';

  before(async () => {
    cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
    work = mkdtempSync(join(tmpdir(), 'meridian-synth-'));
    const bundle = await bundleFunctions(configOf('shop-infra'));
    for (const [path, content] of unzip(bundle.zip)) {
      mkdirSync(dirname(join(work, 'fn', path)), { recursive: true });
      writeFileSync(join(work, 'fn', path), content);
    }
    // What Lambda sets, and where the function finds localcloud instead of AWS.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      MERIDIAN_ENDPOINT: cloud.endpoint, MERIDIAN_POLL_MS: '20', MERIDIAN_SCRATCH: join(work, 'scratch'),
    });
    ({ handler, approvalHandler } = (await import(pathToFileURL(join(work, 'fn', 'index.mjs')).href)) as { handler: Handler; approvalHandler: UrlHandler });
    // The replication-fed source: the repository tree as a zip, with the commit in its metadata.
    const s3 = new S3Client({ region: 'us-east-1', endpoint: cloud.endpoint, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: 'shop-source' }));
    await s3.send(new PutObjectCommand({ Bucket: 'shop-source', Key: 'source.zip', Body: zipFiles(treeOf(EXAMPLE)), Metadata: { commit: 'abc123', 'author-email': 'dev@example.com', 'author-name': 'Dev' } }));
    s3.destroy();
  });

  after(async () => {
    await cloud.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('package uploads every stack to each region\'s artifact bucket, names the commit and opens the run\'s journal', async () => {
    const out = await handler({ action: 'package', runId, region: 'us-east-1', source: { kind: 's3', bucket: 'shop-source', key: 'source.zip' } });
    assert.equal(out.commit, 'abc123');
    assert.deepEqual(out.author, { name: 'Dev', email: 'dev@example.com' });
    const s3 = new S3Client({ region: 'us-east-1', endpoint: cloud.endpoint, forcePathStyle: true, credentials });
    const run = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: JOURNAL, Key: `runs/${runId}/run.json` }))).Body!.transformToString()) as { commit: string; status: string };
    assert.deepEqual([run.commit, run.status], ['abc123', 'running']);
    const packaged = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: JOURNAL, Key: `runs/${runId}/steps/${encodeURIComponent('package:eu-west-1')}.json` }))).Body!.transformToString()) as { status: string; data: { result: { stack: string; url: string }[] } };
    s3.destroy();
    assert.equal(packaged.status, 'succeeded');
    for (const a of packaged.data.result) assert.match(a.url, new RegExp(`/meridian-shop-infra-000000000000-eu-west-1/shop-infra/${a.stack}/[0-9a-f]{64}`));
  });

  it('validate passes the example templates', async () => {
    const out = await handler({ action: 'validate', runId, region: 'us-east-1' });
    assert.deepEqual(out, { findings: 0 });
  });

  it('preview makes change sets in every region and leaves nothing behind', async () => {
    const results = await Promise.all(REGIONS.map((region) => handler({ action: 'preview', runId, region })));
    for (const r of results) assert.equal(r.changed, true);
    assert.deepEqual(await handler({ action: 'changes', runId, region: 'us-east-1' }), { changed: true });
    const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: cloud.endpoint, credentials });
    const live = ((await cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((x) => x.StackStatus !== 'DELETE_COMPLETE');
    cfn.destroy();
    assert.deepEqual(live, [], 'the preview created no stack');
  });

  it('deploys the stage stacks, then, once approved, production in every region, and records', async () => {
    assert.deepEqual(await handler({ action: 'stage', runId, region: 'us-east-1' }), { status: 'succeeded' });
    await Promise.all(REGIONS.map((region) => handler({ action: 'drift', runId, region })));
    assert.deepEqual(await handler({ action: 'drift-policy', runId, region: 'us-east-1' }), { kind: 'in-sync' });
    assert.deepEqual(await handler({ action: 'decided', runId, region: 'us-east-1', decision: { decision: 'approved', by: 'alice@example.com' } }), { approved: true });
    const prod = await Promise.all(REGIONS.map((region) => handler({ action: 'deploy-region', runId, region, wave: region === 'us-east-1' ? 1 : 2 })));
    for (const p of prod) assert.equal(p.status, 'succeeded', JSON.stringify(p));
    assert.deepEqual(await handler({ action: 'finish', runId, region: 'us-east-1' }), { status: 'succeeded' });
    for (const region of REGIONS) {
      const ssm = new SSMClient({ region, endpoint: cloud.endpoint, credentials });
      const out = await ssm.send(new GetParameterCommand({ Name: '/meridian/shop-infra/shop-app/last-approved' }));
      ssm.destroy();
      assert.equal(JSON.parse(out.Parameter?.Value ?? '{}').commit, 'abc123');
    }
  });

  it('drift finds a console edit in one region; the policy blocks and ends the run, restoring the stage', async () => {
    const ssm = new SSMClient({ region: 'us-west-2', endpoint: cloud.endpoint, credentials });
    await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'checkout=off', Type: 'String', Overwrite: true }));
    ssm.destroy();
    await handler({ action: 'package', runId: 'exec-0003', region: 'us-east-1', source: { kind: 's3', bucket: 'shop-source', key: 'source.zip' } });
    await Promise.all(REGIONS.map((region) => handler({ action: 'drift', runId: 'exec-0003', region })));
    const policy = await handler({ action: 'drift-policy', runId: 'exec-0003', region: 'us-east-1' });
    assert.equal(policy.kind, 'block');
    assert.match(String(policy.reason), /^drift detected on shop-config@us-west-2 \(drift.onDrift: block\)/);
  });

  it('the approval function signs with a key it keeps as an SSM SecureString, and refuses forged links', async () => {
    const forged = await approvalHandler({ requestContext: { http: { method: 'GET' } }, queryStringParameters: { run: 'r', decision: 'approve', by: 'x', commit: 'c', token: 't', sig: 'forged' } });
    assert.equal(forged.statusCode, 403);
    const ssm = new SSMClient({ region: 'us-east-1', endpoint: cloud.endpoint, credentials });
    const stored = await ssm.send(new GetParameterCommand({ Name: '/meridian/shop-infra/approval-signing-key', WithDecryption: true }));
    ssm.destroy();
    assert.equal(stored.Parameter?.Type, 'SecureString');
    const key = Buffer.from(stored.Parameter?.Value ?? '', 'base64');
    assert.equal(key.length, 32);
    const link = new URL(signedLink('https://approve.example', key, { run: 'r', decision: 'approve', by: '', commit: 'c0ffee', authorEmail: 'dev@example.com', authorName: '', token: 'TOKEN' }));
    const query = Object.fromEntries(link.searchParams);
    const page = await approvalHandler({ requestContext: { http: { method: 'GET' } }, queryStringParameters: query });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post">/);
    // The author may not approve their own commit (shop-infra: approvers empty, allowSelfApproval false).
    const self = await approvalHandler({ requestContext: { http: { method: 'POST' } }, queryStringParameters: query, body: Buffer.from('as=dev%40example.com').toString('base64'), isBase64Encoded: true });
    assert.equal(self.statusCode, 403);
  });

  it('a deployment that outlives the invocation answers in-progress, and the next calls re-attach', async () => {
    // A slow emulator (each resource takes 0.6 s) and a function with one second left per call.
    const slow = await startLocalCloud({ port: 0, latencyMs: 600 });
    try {
      const s3 = new S3Client({ region: 'us-east-1', endpoint: slow.endpoint, forcePathStyle: true, credentials });
      await s3.send(new CreateBucketCommand({ Bucket: 'shop-source' }));
      await s3.send(new PutObjectCommand({ Bucket: 'shop-source', Key: 'source.zip', Body: zipFiles(treeOf(EXAMPLE)) }));
      s3.destroy();
      process.env.MERIDIAN_ENDPOINT = slow.endpoint;
      const fn = ((await import(`${pathToFileURL(join(work, 'fn', 'index.mjs')).href}?slow`)) as { handler: Handler }).handler;
      const source = { kind: 's3', bucket: 'shop-source', key: 'source.zip' };
      await fn({ action: 'package', runId: 'slow', region: 'us-east-1', source });
      const oneSecondLeft = { getRemainingTimeInMillis: () => 61_000 };
      const answers: string[] = [];
      for (let call = 0; call < 30; call++) {
        const out = await fn({ action: 'deploy-region', runId: 'slow', region: 'us-east-1', wave: 1 }, oneSecondLeft);
        answers.push(String(out.status));
        if (out.status !== 'in-progress') {
          assert.equal(out.status, 'succeeded', JSON.stringify(out));
          break;
        }
      }
      assert.ok(answers.filter((a) => a === 'in-progress').length >= 2, answers.join(' '));
      assert.equal(answers.at(-1), 'succeeded');
      // Each stack operation ran once: a re-attaching call never executes a change set again.
      const executes = slow.operations().filter((o) => o.action === 'ExecuteChangeSet');
      assert.equal(executes.length, 2, JSON.stringify(executes));
    } finally {
      process.env.MERIDIAN_ENDPOINT = cloud.endpoint;
      await slow.stop();
    }
  });
});
