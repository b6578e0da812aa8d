// --data DIR: state survives a restart (S3 bytes as files, SSM versions, STS sessions, the operations log).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { admin, s3Client, ssmClient, start, stsClient } from './helpers.js';

describe('localcloud persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localcloud-data-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('restores buckets, object versions, parameters, sessions and operations after a restart', async () => {
    const first = await start({ dataDir: dir });
    const s3 = s3Client(first, 'eu-west-1');
    await s3.send(new CreateBucketCommand({ Bucket: 'kept-bucket' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'kept-bucket', VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'kept-bucket', Key: 'a.txt', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: 'kept-bucket', Key: 'a.txt', Body: 'second' }));
    await ssmClient(first, 'ap-southeast-2').send(new PutParameterCommand({ Name: '/kept', Value: 'one', Type: 'String' }));
    await ssmClient(first, 'ap-southeast-2').send(new PutParameterCommand({ Name: '/kept', Value: 'two', Type: 'String', Overwrite: true }));
    const role = await stsClient(first, 'us-east-1').send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444444444444:role/r', RoleSessionName: 'kept' }));
    const opsBefore = (await admin(first, 'GET', 'operations')).json as unknown[];
    await first.stop();
    assert.equal(readdirSync(join(dir, 'objects')).length, 2, 'one file per distinct object body');

    const second = await start({ dataDir: dir });
    try {
      const s3b = s3Client(second, 'eu-west-1');
      const latest = await s3b.send(new GetObjectCommand({ Bucket: 'kept-bucket', Key: 'a.txt' }));
      assert.equal(await latest.Body?.transformToString(), 'second');
      const old = await s3b.send(new GetObjectCommand({ Bucket: 'kept-bucket', Key: 'a.txt', VersionId: v1.VersionId }));
      assert.equal(await old.Body?.transformToString(), 'first');
      const v3 = await s3b.send(new PutObjectCommand({ Bucket: 'kept-bucket', Key: 'a.txt', Body: 'third' }));
      const versions = await s3b.send(new ListObjectVersionsCommand({ Bucket: 'kept-bucket' }));
      assert.equal(new Set(versions.Versions?.map((v) => v.VersionId)).size, 3, 'version ids stay unique after a restart');
      assert.equal(versions.Versions?.[0]?.VersionId, v3.VersionId);
      const param = await ssmClient(second, 'ap-southeast-2').send(new GetParameterCommand({ Name: '/kept' }));
      assert.deepEqual([param.Parameter?.Value, param.Parameter?.Version], ['two', 2]);
      const creds = role.Credentials;
      const who = await stsClient(second, 'us-east-1', { accessKeyId: creds?.AccessKeyId ?? '', secretAccessKey: creds?.SecretAccessKey ?? '' }).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, 'arn:aws:sts::444444444444:assumed-role/r/kept');
      const opsAfter = (await admin(second, 'GET', 'operations')).json as unknown[];
      assert.deepEqual(opsAfter.slice(0, opsBefore.length), opsBefore);
    } finally {
      await second.stop();
    }
  });

  it('saves after a mutation without waiting for stop', async () => {
    const own = mkdtempSync(join(tmpdir(), 'localcloud-data-'));
    const cloud = await start({ dataDir: own });
    try {
      await ssmClient(cloud, 'eu-west-1').send(new PutParameterCommand({ Name: '/saved/early', Value: 'x', Type: 'String' }));
      const file = join(own, 'state.json');
      let saved = false;
      for (let i = 0; i < 100 && !saved; i++) {
        saved = existsSync(file) && readFileSync(file, 'utf8').includes('/saved/early');
        if (!saved) await delay(50);
      }
      assert.ok(saved, 'state.json holds the parameter while the server still runs');
    } finally {
      await cloud.stop();
      rmSync(own, { recursive: true, force: true });
    }
  });
});
