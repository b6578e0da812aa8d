// The bundled functions (index.mjs as Lambda runs it) against localcloud over HTTP, in three regions:
// package from the S3 source, validate, preview change sets, deploy stage and production stacks,
// drift, record the last approved artifact, revert, and re-attach to a deployment that outlived
// one invocation.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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
  let artifacts: { stack: string; region: string; url: string }[];
  const runId = 'exec-0001';
  const targets = REGIONS.map((region) => ({ region }));

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

  it('package uploads every stack to each region\'s artifact bucket and names the commit', async () => {
    const out = await handler({ action: 'package', runId, region: 'us-east-1', source: { kind: 's3', bucket: 'shop-source', key: 'source.zip' }, targets });
    assert.equal(out.commit, 'abc123');
    assert.deepEqual(out.author, { name: 'Dev', email: 'dev@example.com' });
    artifacts = out.artifacts as typeof artifacts;
    assert.deepEqual(artifacts.map((a) => `${a.stack}@${a.region}`).sort(), REGIONS.flatMap((r) => [`shop-app@${r}`, `shop-config@${r}`]).sort());
    for (const a of artifacts) assert.match(a.url, new RegExp(`/meridian-shop-infra-000000000000-${a.region}/shop-infra/${a.stack}/[0-9a-f]{64}`));
  });

  it('validate passes the example templates', async () => {
    const out = await handler({ action: 'validate', runId, region: 'us-east-1', source: { kind: 's3', bucket: 'shop-source', key: 'source.zip' } });
    assert.deepEqual(out, { findings: 0 });
  });

  it('preview makes change sets in every region and leaves nothing behind', async () => {
    const results = await Promise.all(REGIONS.map((region) => handler({ action: 'preview', runId, region, artifacts })));
    for (const r of results) {
      assert.equal(r.changed, true);
      const stacks = r.stacks as { stack: string; kind: string; changes: number }[];
      assert.equal(stacks.find((s) => s.stack === 'shop-config')?.kind, 'changes');
      // shop-app reads an output of shop-config, which is not deployed yet.
      assert.equal(stacks.find((s) => s.stack === 'shop-app')?.kind, 'pending');
    }
    const drift = await handler({ action: 'drift', runId, region: 'us-east-1' });
    assert.deepEqual(drift.stacks, [], 'the preview created no stack');
  });

  it('deploys the stage stacks in the primary region, then production in every region', async () => {
    const stage = await handler({ action: 'deploy-region', runId, region: 'us-east-1', variant: 'stage', artifacts, cursor: { done: [] } });
    assert.equal(stage.status, 'succeeded');
    assert.deepEqual((stage.stacks as { stack: string; kind: string }[]).map((s) => [s.stack, s.kind]), [['shop-config', 'deployed'], ['shop-app', 'deployed']]);
    const prod = await Promise.all(REGIONS.map((region) => handler({ action: 'deploy-region', runId, region, variant: 'production', artifacts })));
    for (const p of prod) assert.equal(p.status, 'succeeded', JSON.stringify(p));
  });

  it('records the last approved artifact in each region\'s SSM', async () => {
    await Promise.all(REGIONS.map((region) => handler({ action: 'record', runId, region, commit: 'abc123', artifacts })));
    for (const region of REGIONS) {
      const ssm = new SSMClient({ region, endpoint: cloud.endpoint, credentials });
      const out = await ssm.send(new GetParameterCommand({ Name: '/meridian/shop-infra/shop-app/last-approved' }));
      ssm.destroy();
      const record = JSON.parse(out.Parameter?.Value ?? '{}');
      assert.equal(record.commit, 'abc123');
      assert.equal(record.url, artifacts.find((a) => a.stack === 'shop-app' && a.region === region)?.url);
    }
  });

  it('a later run with the same artifacts finds nothing to do, and records only what it deployed', async () => {
    const again = await handler({ action: 'deploy-region', runId: 'exec-0002', region: 'eu-west-1', variant: 'production', artifacts });
    assert.deepEqual((again.stacks as { kind: string }[]).map((s) => s.kind), ['no-changes', 'no-changes']);
    // exec-0001 no longer made the last deployment in eu-west-1: its record there is refused.
    const stale = await handler({ action: 'record', runId, region: 'eu-west-1', commit: 'abc123', artifacts });
    assert.deepEqual(stale.recorded, []);
  });

  it('drift finds a console edit in one region and nothing in the others', async () => {
    const ssm = new SSMClient({ region: 'us-west-2', endpoint: cloud.endpoint, credentials });
    await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'checkout=off', Type: 'String', Overwrite: true }));
    ssm.destroy();
    const [east, west] = await Promise.all(['us-east-1', 'us-west-2'].map((region) => handler({ action: 'drift', runId, region })));
    assert.equal(east?.drifted, false);
    assert.equal(west?.drifted, true);
    assert.deepEqual((west?.stacks as { stack: string; drifted: string[] }[]).find((s) => s.stack === 'shop-config')?.drifted, ['FeatureFlags']);
  });

  it('revert puts the retained stage stacks back to the last approved artifact', async () => {
    const out = await handler({ action: 'revert', runId: 'exec-0003', region: 'us-east-1' });
    assert.deepEqual(out, { region: 'us-east-1', how: 'reverted' });
  });

  it('rollback puts a region\'s production stacks back to the last approved artifact', async () => {
    const edited = treeOf(EXAMPLE);
    edited['templates/config.yaml'] = Buffer.from(String(edited['templates/config.yaml']).replace('checkout=on,search=on', 'checkout=on,search=off'));
    const s3 = new S3Client({ region: 'us-east-1', endpoint: cloud.endpoint, forcePathStyle: true, credentials });
    await s3.send(new PutObjectCommand({ Bucket: 'shop-source', Key: 'next.zip', Body: zipFiles(edited) }));
    s3.destroy();
    const next = await handler({ action: 'package', runId: 'exec-0004', region: 'us-east-1', source: { kind: 's3', bucket: 'shop-source', key: 'next.zip' }, targets: [{ region: 'us-east-1' }] });
    const deployed = await handler({ action: 'deploy-region', runId: 'exec-0004', region: 'us-east-1', variant: 'production', artifacts: next.artifacts });
    assert.equal((deployed.stacks as { stack: string; kind: string }[])[0]?.kind, 'deployed');
    const flags = async () => {
      const ssm = new SSMClient({ region: 'us-east-1', endpoint: cloud.endpoint, credentials });
      const out = await ssm.send(new GetParameterCommand({ Name: '/shop/shop-config/feature-flags' }));
      ssm.destroy();
      return out.Parameter?.Value;
    };
    assert.equal(await flags(), 'checkout=on,search=off');
    const rolledBack = await handler({ action: 'rollback', runId: 'exec-0004', region: 'us-east-1' });
    assert.deepEqual(rolledBack, { region: 'us-east-1', how: 'reverted' });
    assert.equal(await flags(), 'checkout=on,search=on');
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
      const packaged = await fn({ action: 'package', runId: 'slow', region: 'us-east-1', source, targets: [{ region: 'us-east-1' }] });
      const oneSecondLeft = { getRemainingTimeInMillis: () => 61_000 };
      let cursor: unknown = { done: [] };
      const answers: string[] = [];
      for (let call = 0; call < 30; call++) {
        const out = await fn({ action: 'deploy-region', runId: 'slow', region: 'us-east-1', variant: 'production', artifacts: packaged.artifacts, cursor }, oneSecondLeft);
        answers.push(String(out.status));
        if (out.status !== 'in-progress') {
          assert.equal(out.status, 'succeeded', JSON.stringify(out));
          assert.deepEqual((out.stacks as { stack: string; kind: string }[]).map((s) => [s.stack, s.kind]), [['shop-config', 'deployed'], ['shop-app', 'deployed']]);
          break;
        }
        cursor = out.cursor;
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
