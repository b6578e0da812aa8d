// S3 through the real @aws-sdk/client-s3 over HTTP, in three regions (SPEC.md "S3").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { LocalCloud } from '../../src/localcloud/index.js';
import { REGIONS, errorOf, s3Client, start } from './helpers.js';

describe('localcloud S3', () => {
  let cloud: LocalCloud;
  const clients: Record<string, S3Client> = {};
  before(async () => {
    cloud = await start();
    for (const region of REGIONS) clients[region] = s3Client(cloud, region);
  });
  after(() => cloud.stop());
  const s3 = (region: string): S3Client => clients[region] as S3Client;

  it('creates buckets per region with global names, and lists, heads and locates them', async () => {
    for (const region of REGIONS) await s3(region).send(new CreateBucketCommand({ Bucket: `loc-${region}` }));
    const taken = await errorOf(s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'loc-us-east-1' })));
    assert.equal(taken.name, 'BucketAlreadyOwnedByYou');
    // us-east-1 keeps S3's legacy answer: 200 for a bucket you already own there.
    await s3('us-east-1').send(new CreateBucketCommand({ Bucket: 'loc-us-east-1' }));
    const otherAccount = s3Client(cloud, 'us-east-1', { accessKeyId: '999999999999', secretAccessKey: 'x' });
    assert.equal((await errorOf(otherAccount.send(new CreateBucketCommand({ Bucket: 'loc-us-east-1' })))).name, 'BucketAlreadyExists');
    const location = await s3('us-east-1').send(new GetBucketLocationCommand({ Bucket: 'loc-eu-west-1' }));
    assert.equal(location.LocationConstraint, 'eu-west-1');
    const east = await s3('us-east-1').send(new GetBucketLocationCommand({ Bucket: 'loc-us-east-1' }));
    assert.equal(east.LocationConstraint ?? '', '');
    const head = await s3('ap-southeast-2').send(new HeadBucketCommand({ Bucket: 'loc-ap-southeast-2' }));
    assert.equal(head.BucketRegion, 'ap-southeast-2');
    const listed = await s3('us-east-1').send(new ListBucketsCommand({}));
    const names = listed.Buckets?.map((b) => b.Name) ?? [];
    for (const region of REGIONS) assert.ok(names.includes(`loc-${region}`));
    const missing = await errorOf(s3('us-east-1').send(new HeadBucketCommand({ Bucket: 'no-such-bucket-here' })));
    assert.equal(missing.$metadata?.httpStatusCode, 404);
    await s3('ap-southeast-2').send(new DeleteBucketCommand({ Bucket: 'loc-ap-southeast-2' }));
    const gone = await errorOf(s3('us-east-1').send(new GetBucketLocationCommand({ Bucket: 'loc-ap-southeast-2' })));
    assert.equal(gone.name, 'NoSuchBucket');
  });

  it('puts, gets, heads and deletes objects with metadata, ranges and MD5 ETags', async () => {
    const c = s3('eu-west-1');
    await c.send(new CreateBucketCommand({ Bucket: 'objects-eu' }));
    const put = await c.send(new PutObjectCommand({ Bucket: 'objects-eu', Key: 'dir/hello world.txt', Body: 'hello, world', ContentType: 'text/plain', Metadata: { owner: 'meridian' } }));
    assert.equal(put.ETag, `"${createHash('md5').update('hello, world').digest('hex')}"`);
    assert.equal(put.VersionId, undefined);
    assert.equal(put.ServerSideEncryption, 'AES256');
    const got = await c.send(new GetObjectCommand({ Bucket: 'objects-eu', Key: 'dir/hello world.txt' }));
    assert.equal(await got.Body?.transformToString(), 'hello, world');
    assert.equal(got.ContentType, 'text/plain');
    assert.deepEqual(got.Metadata, { owner: 'meridian' });
    const range = await c.send(new GetObjectCommand({ Bucket: 'objects-eu', Key: 'dir/hello world.txt', Range: 'bytes=7-11' }));
    assert.equal(await range.Body?.transformToString(), 'world');
    assert.equal(range.ContentRange, 'bytes 7-11/12');
    const head = await c.send(new HeadObjectCommand({ Bucket: 'objects-eu', Key: 'dir/hello world.txt' }));
    assert.equal(head.ContentLength, 12);
    await c.send(new DeleteObjectCommand({ Bucket: 'objects-eu', Key: 'dir/hello world.txt' }));
    const missing = await errorOf(c.send(new GetObjectCommand({ Bucket: 'objects-eu', Key: 'dir/hello world.txt' })));
    assert.equal(missing.name, 'NoSuchKey');
    const headMissing = await errorOf(c.send(new HeadObjectCommand({ Bucket: 'objects-eu', Key: 'dir/hello world.txt' })));
    assert.equal(headMissing.$metadata?.httpStatusCode, 404);
  });

  it('refuses a body whose Content-MD5 does not match', async () => {
    const c = s3('us-east-1');
    await c.send(new CreateBucketCommand({ Bucket: 'md5-check' }));
    const wrong = createHash('md5').update('other').digest('base64');
    const err = await errorOf(c.send(new PutObjectCommand({ Bucket: 'md5-check', Key: 'k', Body: 'data', ContentMD5: wrong })));
    assert.equal(err.name, 'BadDigest');
  });

  it('keeps versions and delete markers once versioning is enabled', async () => {
    const c = s3('ap-southeast-2');
    await c.send(new CreateBucketCommand({ Bucket: 'versions-ap' }));
    await c.send(new PutBucketVersioningCommand({ Bucket: 'versions-ap', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await c.send(new GetBucketVersioningCommand({ Bucket: 'versions-ap' }))).Status, 'Enabled');
    const v1 = await c.send(new PutObjectCommand({ Bucket: 'versions-ap', Key: 'k', Body: 'one' }));
    const v2 = await c.send(new PutObjectCommand({ Bucket: 'versions-ap', Key: 'k', Body: 'two' }));
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
    const old = await c.send(new GetObjectCommand({ Bucket: 'versions-ap', Key: 'k', VersionId: v1.VersionId }));
    assert.equal(await old.Body?.transformToString(), 'one');
    const del = await c.send(new DeleteObjectCommand({ Bucket: 'versions-ap', Key: 'k' }));
    assert.equal(del.DeleteMarker, true);
    const hidden = await errorOf(c.send(new GetObjectCommand({ Bucket: 'versions-ap', Key: 'k' })));
    assert.equal(hidden.name, 'NoSuchKey');
    const versions = await c.send(new ListObjectVersionsCommand({ Bucket: 'versions-ap' }));
    assert.deepEqual(versions.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2.VersionId, false], [v1.VersionId, false]]);
    assert.deepEqual(versions.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]), [[del.VersionId, true]]);
    // Deleting the delete marker brings the object back.
    await c.send(new DeleteObjectCommand({ Bucket: 'versions-ap', Key: 'k', VersionId: del.VersionId }));
    const back = await c.send(new GetObjectCommand({ Bucket: 'versions-ap', Key: 'k' }));
    assert.equal(await back.Body?.transformToString(), 'two');
    assert.equal(back.VersionId, v2.VersionId);
    const notEmpty = await errorOf(c.send(new DeleteBucketCommand({ Bucket: 'versions-ap' })));
    assert.equal(notEmpty.name, 'BucketNotEmpty');
  });

  it('lists with prefix, delimiter and continuation tokens', async () => {
    const c = s3('us-east-1');
    await c.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['a/1', 'a/2', 'b/x/1', 'b/y', 'c', 'd', 'e'];
    for (const key of keys) await c.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
    const top = await c.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    assert.deepEqual(top.CommonPrefixes?.map((p) => p.Prefix), ['a/', 'b/']);
    assert.deepEqual(top.Contents?.map((o) => o.Key), ['c', 'd', 'e']);
    const underB = await c.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'b/', Delimiter: '/' }));
    assert.deepEqual(underB.CommonPrefixes?.map((p) => p.Prefix), ['b/x/']);
    assert.deepEqual(underB.Contents?.map((o) => o.Key), ['b/y']);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await c.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 3, ContinuationToken: token }));
      seen.push(...(page.Contents?.map((o) => o.Key ?? '') ?? []));
      token = page.NextContinuationToken;
      pages++;
      assert.equal(page.IsTruncated, token !== undefined);
    } while (token && pages < 10);
    assert.deepEqual(seen, keys);
    assert.equal(pages, 3);
    const batch = await c.send(new DeleteObjectsCommand({ Bucket: 'listing', Delete: { Objects: [{ Key: 'c' }, { Key: 'd' }] } }));
    assert.deepEqual(batch.Deleted?.map((d) => d.Key), ['c', 'd']);
    const rest = await c.send(new ListObjectsV2Command({ Bucket: 'listing' }));
    assert.equal(rest.KeyCount, 5);
  });

  it('copies objects across buckets and regions, keeping or replacing metadata', async () => {
    const east = s3('us-east-1');
    await east.send(new CreateBucketCommand({ Bucket: 'copy-src' }));
    await s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'copy-dst' }));
    await east.send(new PutObjectCommand({ Bucket: 'copy-src', Key: 'in', Body: 'payload', Metadata: { a: '1' } }));
    const copied = await east.send(new CopyObjectCommand({ Bucket: 'copy-dst', Key: 'out', CopySource: 'copy-src/in' }));
    assert.equal(copied.CopyObjectResult?.ETag, `"${createHash('md5').update('payload').digest('hex')}"`);
    const out = await east.send(new GetObjectCommand({ Bucket: 'copy-dst', Key: 'out' }));
    assert.equal(await out.Body?.transformToString(), 'payload');
    assert.deepEqual(out.Metadata, { a: '1' });
    await east.send(new CopyObjectCommand({ Bucket: 'copy-dst', Key: 'out2', CopySource: 'copy-src/in', MetadataDirective: 'REPLACE', Metadata: { b: '2' } }));
    const out2 = await east.send(new HeadObjectCommand({ Bucket: 'copy-dst', Key: 'out2' }));
    assert.deepEqual(out2.Metadata, { b: '2' });
    const self = await errorOf(east.send(new CopyObjectCommand({ Bucket: 'copy-src', Key: 'in', CopySource: 'copy-src/in' })));
    assert.equal(self.name, 'InvalidRequest');
  });

  it('configures bucket encryption and tags, and objects inherit the default encryption', async () => {
    const c = s3('eu-west-1');
    await c.send(new CreateBucketCommand({ Bucket: 'encrypted-eu' }));
    const initial = await c.send(new GetBucketEncryptionCommand({ Bucket: 'encrypted-eu' }));
    assert.equal(initial.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    await c.send(new PutBucketEncryptionCommand({
      Bucket: 'encrypted-eu',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/meridian' }, BucketKeyEnabled: true }] },
    }));
    const rule = (await c.send(new GetBucketEncryptionCommand({ Bucket: 'encrypted-eu' }))).ServerSideEncryptionConfiguration?.Rules?.[0];
    assert.equal(rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, 'alias/meridian');
    assert.equal(rule?.BucketKeyEnabled, true);
    const put = await c.send(new PutObjectCommand({ Bucket: 'encrypted-eu', Key: 'k', Body: 'x' }));
    assert.equal(put.ServerSideEncryption, 'aws:kms');
    assert.equal(put.SSEKMSKeyId, 'alias/meridian');
    await c.send(new DeleteBucketEncryptionCommand({ Bucket: 'encrypted-eu' }));
    const reset = await c.send(new GetBucketEncryptionCommand({ Bucket: 'encrypted-eu' }));
    assert.equal(reset.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');

    const noTags = await errorOf(c.send(new GetBucketTaggingCommand({ Bucket: 'encrypted-eu' })));
    assert.equal(noTags.name, 'NoSuchTagSet');
    await c.send(new PutBucketTaggingCommand({ Bucket: 'encrypted-eu', Tagging: { TagSet: [{ Key: 'team', Value: 'shop' }] } }));
    const tags = await c.send(new GetBucketTaggingCommand({ Bucket: 'encrypted-eu' }));
    assert.deepEqual(tags.TagSet, [{ Key: 'team', Value: 'shop' }]);
    await c.send(new DeleteBucketTaggingCommand({ Bucket: 'encrypted-eu' }));
    assert.equal((await errorOf(c.send(new GetBucketTaggingCommand({ Bucket: 'encrypted-eu' })))).name, 'NoSuchTagSet');
  });

  it('decodes aws-chunked streaming uploads with trailing checksums', async () => {
    const c = s3('ap-southeast-2');
    await c.send(new CreateBucketCommand({ Bucket: 'chunked-ap' }));
    const data = Buffer.alloc(200_000, 'abcdefghij');
    // A stream of unknown length makes the SDK send aws-chunked with a trailing x-amz-checksum-crc32.
    const body = Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]);
    const sent: Record<string, string>[] = [];
    const command = new PutObjectCommand({ Bucket: 'chunked-ap', Key: 'streamed', Body: body, ContentLength: data.length });
    command.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureHeaders' },
    );
    const put = await c.send(command);
    assert.match(sent[0]?.['content-encoding'] ?? '', /aws-chunked/);
    assert.match(sent[0]?.['x-amz-content-sha256'] ?? '', /^STREAMING-/);
    assert.match(sent[0]?.['x-amz-trailer'] ?? '', /x-amz-checksum-/);
    assert.equal(put.ETag, `"${createHash('md5').update(data).digest('hex')}"`);
    const got = await c.send(new GetObjectCommand({ Bucket: 'chunked-ap', Key: 'streamed' }));
    assert.ok(Buffer.from(await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))).equals(data));
    const head = await c.send(new HeadObjectCommand({ Bucket: 'chunked-ap', Key: 'streamed' }));
    assert.equal(head.ContentEncoding, undefined);
  });

  it('checks flexible checksums and answers them when GetObject asks', async () => {
    const c = s3('eu-west-1');
    await c.send(new CreateBucketCommand({ Bucket: 'checksums-eu' }));
    const body = Buffer.from('checksummed content');
    const sha256 = createHash('sha256').update(body).digest('base64');
    const put = await c.send(new PutObjectCommand({ Bucket: 'checksums-eu', Key: 'k', Body: body, ChecksumAlgorithm: 'SHA256' }));
    assert.equal(put.ChecksumSHA256, sha256);
    const got = await c.send(new GetObjectCommand({ Bucket: 'checksums-eu', Key: 'k', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumSHA256, sha256);
    assert.equal(await got.Body?.transformToString(), 'checksummed content');
    // The SDK's default CRC32 on a plain put is verified too.
    const crc = await c.send(new PutObjectCommand({ Bucket: 'checksums-eu', Key: 'crc', Body: 'abc' }));
    assert.equal(crc.ChecksumCRC32, 'NSRBwg==');
    const wrong = await errorOf(c.send(new PutObjectCommand({ Bucket: 'checksums-eu', Key: 'bad', Body: 'abc', ChecksumCRC32: 'AAAAAA==' })));
    assert.equal(wrong.name, 'BadDigest');
  });

  it('replaces the null version while versioning is suspended; a delete marker cannot be read', async () => {
    const c = s3('eu-west-1');
    await c.send(new CreateBucketCommand({ Bucket: 'suspended-eu' }));
    await c.send(new PutBucketVersioningCommand({ Bucket: 'suspended-eu', VersioningConfiguration: { Status: 'Enabled' } }));
    const kept = await c.send(new PutObjectCommand({ Bucket: 'suspended-eu', Key: 'k', Body: 'versioned' }));
    await c.send(new PutBucketVersioningCommand({ Bucket: 'suspended-eu', VersioningConfiguration: { Status: 'Suspended' } }));
    await c.send(new PutObjectCommand({ Bucket: 'suspended-eu', Key: 'k', Body: 'null-1' }));
    await c.send(new PutObjectCommand({ Bucket: 'suspended-eu', Key: 'k', Body: 'null-2' }));
    const versions = await c.send(new ListObjectVersionsCommand({ Bucket: 'suspended-eu' }));
    assert.deepEqual(versions.Versions?.map((v) => v.VersionId), ['null', kept.VersionId]);
    const marker = await c.send(new DeleteObjectCommand({ Bucket: 'suspended-eu', Key: 'k' }));
    assert.equal(marker.DeleteMarker, true);
    const after = await c.send(new ListObjectVersionsCommand({ Bucket: 'suspended-eu' }));
    assert.deepEqual(after.Versions?.map((v) => v.VersionId), [kept.VersionId]);
    assert.deepEqual(after.DeleteMarkers?.map((m) => m.VersionId), ['null']);
    const byId = await errorOf(c.send(new GetObjectCommand({ Bucket: 'suspended-eu', Key: 'k', VersionId: 'null' })));
    assert.equal(byId.$metadata?.httpStatusCode, 405);
  });

  it('lists with the older ListObjects (marker) and URL-encodes keys on request', async () => {
    const c = s3('ap-southeast-2');
    await c.send(new CreateBucketCommand({ Bucket: 'listing-v1' }));
    for (const key of ['a b', 'c+d', 'e/f']) await c.send(new PutObjectCommand({ Bucket: 'listing-v1', Key: key, Body: key }));
    const first = await c.send(new ListObjectsCommand({ Bucket: 'listing-v1', MaxKeys: 2 }));
    assert.deepEqual(first.Contents?.map((o) => o.Key), ['a b', 'c+d']);
    assert.equal(first.IsTruncated, true);
    const second = await c.send(new ListObjectsCommand({ Bucket: 'listing-v1', Marker: 'c+d' }));
    assert.deepEqual(second.Contents?.map((o) => o.Key), ['e/f']);
    const res = await fetch(`${cloud.endpoint}/listing-v1?list-type=2&encoding-type=url`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/ap-southeast-2/s3/aws4_request, SignedHeaders=host, Signature=x' } });
    const xml = await res.text();
    assert.match(xml, /<Key>a%20b<\/Key>/);
    assert.match(xml, /<Key>c%2Bd<\/Key>/);
  });

  it('keeps policy and public access block documents as sent', async () => {
    const c = s3('us-east-1');
    await c.send(new CreateBucketCommand({ Bucket: 'documents-us' }));
    assert.equal((await errorOf(c.send(new GetBucketPolicyCommand({ Bucket: 'documents-us' })))).name, 'NoSuchBucketPolicy');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::documents-us/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
    await c.send(new PutBucketPolicyCommand({ Bucket: 'documents-us', Policy: policy }));
    assert.equal((await c.send(new GetBucketPolicyCommand({ Bucket: 'documents-us' }))).Policy, policy);
    await c.send(new DeleteBucketPolicyCommand({ Bucket: 'documents-us' }));
    assert.equal((await errorOf(c.send(new GetBucketPolicyCommand({ Bucket: 'documents-us' })))).name, 'NoSuchBucketPolicy');
    await c.send(new PutPublicAccessBlockCommand({ Bucket: 'documents-us', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } }));
    const block = await c.send(new GetPublicAccessBlockCommand({ Bucket: 'documents-us' }));
    assert.deepEqual(block.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false });
  });

  it('answers an operation it does not implement with NotImplemented', async () => {
    const res = await fetch(`${cloud.endpoint}/loc-us-east-1?acl`, { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x' } });
    assert.equal(res.status, 501);
    const text = await res.text();
    assert.match(text, /<Code>NotImplemented<\/Code>/);
    assert.match(text, /PutBucketAcl is not implemented by localcloud/);
  });
});
