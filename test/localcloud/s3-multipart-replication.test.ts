// Multipart uploads (20 MB by hand) and cross-region replication through the real S3 client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketReplicationCommand,
  GetBucketReplicationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { LocalCloud } from '../../src/localcloud/index.js';
import { errorOf, s3Client, start } from './helpers.js';

const MB = 1024 * 1024;

describe('localcloud S3 multipart and replication', () => {
  let cloud: LocalCloud;
  before(async () => {
    cloud = await start();
  });
  after(() => cloud.stop());

  it('uploads 20 MB in parts; the ETag is md5-of-md5s-N', async () => {
    const s3 = s3Client(cloud, 'eu-west-1');
    await s3.send(new CreateBucketCommand({ Bucket: 'multipart-eu' }));
    const data = Buffer.alloc(20 * MB);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multipart-eu', Key: 'big.bin', ContentType: 'application/zip' }));
    assert.ok(UploadId);
    const partSize = 8 * MB;
    const parts: { PartNumber: number; ETag: string }[] = [];
    const digests: Buffer[] = [];
    for (let n = 1, at = 0; at < data.length; n++, at += partSize) {
      const chunk = data.subarray(at, Math.min(at + partSize, data.length));
      digests.push(createHash('md5').update(chunk).digest());
      const part = await s3.send(new UploadPartCommand({ Bucket: 'multipart-eu', Key: 'big.bin', UploadId, PartNumber: n, Body: chunk }));
      parts.push({ PartNumber: n, ETag: part.ETag ?? '' });
    }
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'multipart-eu' }));
    assert.deepEqual(listed.Uploads?.map((u) => u.UploadId), [UploadId]);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'multipart-eu', Key: 'big.bin', UploadId, MultipartUpload: { Parts: parts } }));
    const expected = `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-3"`;
    assert.equal(done.ETag, expected);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'multipart-eu', Key: 'big.bin' }));
    assert.equal(head.ContentLength, 20 * MB);
    assert.equal(head.ContentType, 'application/zip');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'multipart-eu', Key: 'big.bin' }));
    const bytes = Buffer.from(await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), createHash('sha256').update(data).digest('hex'));
  });

  it('refuses small middle parts, unknown uploads, and forgets aborted uploads', async () => {
    const s3 = s3Client(cloud, 'us-east-1');
    await s3.send(new CreateBucketCommand({ Bucket: 'multipart-us' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multipart-us', Key: 'k' }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket: 'multipart-us', Key: 'k', UploadId, PartNumber: 1, Body: 'small' }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: 'multipart-us', Key: 'k', UploadId, PartNumber: 2, Body: 'tail' }));
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'multipart-us', Key: 'k', UploadId }));
    assert.deepEqual(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]), [[1, p1.ETag, 5], [2, p2.ETag, 4]]);
    const small = await errorOf(s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'multipart-us', Key: 'k', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
    })));
    assert.equal(small.name, 'EntityTooSmall');
    const wrongTag = await errorOf(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'multipart-us', Key: 'k', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00"' }] } })));
    assert.equal(wrongTag.name, 'InvalidPart');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'multipart-us', Key: 'k', UploadId }));
    const gone = await errorOf(s3.send(new UploadPartCommand({ Bucket: 'multipart-us', Key: 'k', UploadId, PartNumber: 3, Body: 'x' })));
    assert.equal(gone.name, 'NoSuchUpload');
  });

  it('replicates new objects from us-east-1 to a bucket in eu-west-1', async () => {
    const east = s3Client(cloud, 'us-east-1');
    const west = s3Client(cloud, 'eu-west-1');
    await east.send(new CreateBucketCommand({ Bucket: 'artifacts-us-east-1' }));
    await west.send(new CreateBucketCommand({ Bucket: 'artifacts-eu-west-1' }));
    const refused = await errorOf(east.send(new PutBucketReplicationCommand({
      Bucket: 'artifacts-us-east-1',
      ReplicationConfiguration: { Role: 'arn:aws:iam::000000000000:role/replication', Rules: [{ Status: 'Enabled', Prefix: '', Destination: { Bucket: 'arn:aws:s3:::artifacts-eu-west-1' } }] },
    })));
    assert.equal(refused.name, 'InvalidRequest');
    for (const [client, bucket] of [[east, 'artifacts-us-east-1'], [west, 'artifacts-eu-west-1']] as const) {
      await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    }
    await east.send(new PutBucketReplicationCommand({
      Bucket: 'artifacts-us-east-1',
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::000000000000:role/replication',
        Rules: [{ ID: 'templates', Priority: 1, Status: 'Enabled', Filter: { Prefix: 'templates/' }, Destination: { Bucket: 'arn:aws:s3:::artifacts-eu-west-1' }, DeleteMarkerReplication: { Status: 'Disabled' } }],
      },
    }));
    const config = await east.send(new GetBucketReplicationCommand({ Bucket: 'artifacts-us-east-1' }));
    assert.equal(config.ReplicationConfiguration?.Rules?.[0]?.ID, 'templates');
    const put = await east.send(new PutObjectCommand({ Bucket: 'artifacts-us-east-1', Key: 'templates/app.yaml', Body: 'Resources: {}' }));
    await east.send(new PutObjectCommand({ Bucket: 'artifacts-us-east-1', Key: 'other/skip.txt', Body: 'no' }));
    const source = await east.send(new HeadObjectCommand({ Bucket: 'artifacts-us-east-1', Key: 'templates/app.yaml' }));
    assert.equal(source.ReplicationStatus, 'COMPLETED');
    const replica = await west.send(new GetObjectCommand({ Bucket: 'artifacts-eu-west-1', Key: 'templates/app.yaml' }));
    assert.equal(await replica.Body?.transformToString(), 'Resources: {}');
    assert.equal(replica.ReplicationStatus, 'REPLICA');
    assert.equal(replica.VersionId, put.VersionId);
    const skipped = await errorOf(west.send(new HeadObjectCommand({ Bucket: 'artifacts-eu-west-1', Key: 'other/skip.txt' })));
    assert.equal(skipped.$metadata?.httpStatusCode, 404);
    await east.send(new DeleteBucketReplicationCommand({ Bucket: 'artifacts-us-east-1' }));
    assert.equal((await errorOf(east.send(new GetBucketReplicationCommand({ Bucket: 'artifacts-us-east-1' })))).name, 'ReplicationConfigurationNotFoundError');
  });
});
