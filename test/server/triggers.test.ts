// Triggers other than polling: the S3-object trigger (a new object version starts a run, for the
// commit its metadata names) and a GitLab push with its token; a new commit supersedes a waiting run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseS3Url, refreshMirror } from '../../src/server/index.js';
import { serverFixture, WEBHOOK_SECRET } from './server-fixture.js';

const TRIGGER = { bucket: 'shop-release-trigger', key: 'releases/latest.txt', region: 'us-east-1' };

test('parseS3Url takes s3://bucket/key and refuses anything else', () => {
  assert.deepEqual(parseS3Url('s3://shop-release-trigger/releases/latest.txt'), { bucket: 'shop-release-trigger', key: 'releases/latest.txt' });
  assert.equal(parseS3Url('https://example.com/x'), undefined);
  assert.equal(parseS3Url('s3://bucket-only'), undefined);
});

test('a new version of the watched S3 object starts a run; a GitLab push supersedes it', async (t) => {
  const sf = await serverFixture({ s3Trigger: TRIGGER });
  t.after(() => sf.stop());
  const s3 = new S3Client({ region: 'us-east-1', endpoint: sf.fx.cloud.endpoint, forcePathStyle: true, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  t.after(() => s3.destroy());
  await s3.send(new CreateBucketCommand({ Bucket: TRIGGER.bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: TRIGGER.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const head = sf.fx.commit({}, 'release 1');
  await s3.send(new PutObjectCommand({ Bucket: TRIGGER.bucket, Key: TRIGGER.key, Body: 'release 1' }));
  await sf.server.checkS3();
  assert.equal(sf.fx.store.listRuns().length, 0, 'the first version seen is where watching starts, not a trigger');

  await s3.send(new PutObjectCommand({ Bucket: TRIGGER.bucket, Key: TRIGGER.key, Body: 'release 2', Metadata: { commit: head } }));
  await sf.server.checkS3();
  const [run] = sf.fx.store.listRuns();
  assert.equal(run?.commit, head);
  assert.equal(run?.status, 'awaiting-approval');
  await sf.server.checkS3();
  assert.equal(sf.fx.store.listRuns().length, 1, 'an unchanged object starts nothing');
  assert.ok(sf.logs.some((l) => /s3:\/\/shop-release-trigger\/releases\/latest.txt \(us-east-1\): new version/.test(l)));

  const app = readFileSync(join(sf.fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600');
  const sha = sf.fx.commit({ 'templates/app.yaml': app }, 'orders: keep messages 14 days');
  const body = { object_kind: 'push', ref: 'refs/heads/main', checkout_sha: sha, after: sha };
  const res = await sf.request('/webhooks/gitlab', { body, headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': WEBHOOK_SECRET, 'x-gitlab-event-uuid': 'gl-1' } });
  assert.equal(res.status, 202);
  await sf.server.worker.idle();
  const runs = sf.fx.store.listRuns();
  assert.equal(runs[0]?.commit, sha);
  assert.equal(runs[0]?.status, 'awaiting-approval');
  assert.equal(runs[1]?.status, 'superseded');
});

test("meridian.yaml's server.s3Trigger starts runs as the --s3-trigger flag does", async (t) => {
  const trigger = { ...TRIGGER, bucket: 'shop-release-config' };
  const sf = await serverFixture({ s3TriggerInConfig: trigger });
  t.after(() => sf.stop());
  const s3 = new S3Client({ region: 'us-east-1', endpoint: sf.fx.cloud.endpoint, forcePathStyle: true, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  t.after(() => s3.destroy());
  await s3.send(new CreateBucketCommand({ Bucket: trigger.bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: trigger.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutObjectCommand({ Bucket: trigger.bucket, Key: trigger.key, Body: 'release 1' }));
  await sf.server.checkS3();
  const head = sf.fx.commit({}, 'release 2');
  await s3.send(new PutObjectCommand({ Bucket: trigger.bucket, Key: trigger.key, Body: 'release 2', Metadata: { commit: head } }));
  await sf.server.checkS3();
  assert.equal(sf.fx.store.listRuns()[0]?.commit, head);
  assert.ok(sf.logs.some((l) => /s3:\/\/shop-release-config\/releases\/latest.txt \(us-east-1\): new version/.test(l)));
});

test('the worker rejects a run whose approval wait passed its timeout', async (t) => {
  const sf = await serverFixture();
  t.after(() => sf.stop());
  const config = readFileSync(join(sf.fx.repo, 'meridian.yaml'), 'utf8').replace('timeout: 7d', 'timeout: 3s');
  sf.fx.commit({ 'meridian.yaml': config }, 'approvals time out fast');
  await sf.server.worker.checkNow('test');
  const [run] = sf.fx.store.listRuns();
  assert.equal(run?.status, 'awaiting-approval');
  const timeoutAt = Date.parse(String(sf.fx.store.getStep(run.id, 'approval')?.data.timeoutAt));
  await sf.server.worker.expireApprovals();
  // On a very slow machine the timeout may already have passed; otherwise nothing happens yet.
  if (Date.now() < timeoutAt - 500) assert.equal(sf.fx.store.getRun(run.id)?.status, 'awaiting-approval', 'not before the timeout');
  await new Promise((r) => setTimeout(r, Math.max(0, timeoutAt - Date.now()) + 50));
  await sf.server.worker.expireApprovals();
  assert.equal(sf.fx.store.getRun(run.id)?.status, 'rejected');
  assert.match(String(sf.fx.store.getApproval(run.id)?.by), /timed out/);
});

test('a commit checked before an approved run carries on does not supersede it; it runs afterwards', async (t) => {
  const sf = await serverFixture();
  t.after(() => sf.stop());
  await sf.server.worker.checkNow('test');
  const [first] = sf.fx.store.listRuns();
  assert.equal(first?.status, 'awaiting-approval');
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  void sf.server.worker.enqueue('hold the queue', () => gate);
  const app = readFileSync(join(sf.fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600');
  const sha = sf.fx.commit({ 'templates/app.yaml': app }, 'orders: keep messages 14 days');
  void sf.server.worker.checkNow('poll'); // queued ahead of the decision's continue
  const res = await sf.request(`/api/runs/${first.id}/approve`, { token: sf.tokens.alice, body: { comment: 'go' } });
  assert.equal(res.status, 202);
  release();
  await sf.server.worker.idle();
  assert.equal(sf.fx.store.getRun(first.id)?.status, 'succeeded');
  assert.ok(sf.logs.some((l) => l.includes(`commit ${sha.slice(0, 12)} waits`)));
  await sf.server.worker.checkNow('poll');
  const [second] = sf.fx.store.listRuns();
  assert.equal(second?.commit, sha);
  assert.equal(second?.status, 'awaiting-approval');
});

test('a bare mirror is fetched before each check, so commits pushed to its origin start runs', async (t) => {
  const sf = await serverFixture({ mirror: true });
  t.after(() => sf.stop());
  assert.deepEqual(await refreshMirror(sf.fx.repo), { kind: 'not-a-mirror' }, 'a working clone is left alone');
  const first = sf.fx.commit({}, 'pushed to origin after the mirror was made');
  await sf.server.worker.checkNow('poll');
  const [run] = sf.fx.store.listRuns();
  assert.equal(run?.commit, first);
  assert.equal(run?.status, 'awaiting-approval');
});
