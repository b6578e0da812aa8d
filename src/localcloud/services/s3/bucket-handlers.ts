// S3 bucket operations over REST-XML: create/delete/head/list buckets, configuration subresources, listings.
import { AwsError } from '../../contract.js';
import type { RequestContext } from '../../contract.js';
import type { WireRequest, WireResponse } from '../../protocol/http.js';
import { childText, parseXml } from '../../protocol/xml.js';
import type { S3Backend } from './backend.js';
import { parseDocument, parseEncryption, parseReplication, parseTagging, renderEncryption, renderReplication } from './documents.js';
import { listCurrent, listVersions } from './listing.js';
import { payloadOf } from './object-handlers.js';
import { empty, isoTime, xmlDocument } from './render.js';
import type { ObjectVersion } from './types.js';

export function createBucket(s3: S3Backend, req: WireRequest, ctx: RequestContext, name: string): WireResponse {
  const body = payloadOf(req);
  const doc = body.length > 0 ? parseXml(body.toString('utf8')) : undefined;
  const region = childText(doc, 'LocationConstraint') || ctx.region;
  s3.createBucket(ctx.account, region, name);
  return empty(200, { location: `/${name}` });
}

export function headBucket(s3: S3Backend, name: string): WireResponse {
  const bucket = s3.bucket(name);
  return empty(200, { 'x-amz-bucket-region': bucket.region });
}

export function listBuckets(s3: S3Backend, ctx: RequestContext): WireResponse {
  const mine = [...s3.buckets.values()].filter((b) => b.account === ctx.account).sort((a, b) => a.name.localeCompare(b.name));
  return xmlDocument('ListAllMyBucketsResult', {
    Owner: { ID: ctx.account, DisplayName: ctx.account },
    Buckets: { Bucket: mine.map((b) => ({ Name: b.name, CreationDate: isoTime(b.created), BucketRegion: b.region })) },
  });
}

export function getBucketLocation(s3: S3Backend, name: string): WireResponse {
  const region = s3.bucket(name).region;
  // S3 answers an empty LocationConstraint for us-east-1.
  const value = region === 'us-east-1' ? '' : region;
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${value}</LocationConstraint>` };
}

export function putBucketVersioning(s3: S3Backend, req: WireRequest, name: string): WireResponse {
  const bucket = s3.bucket(name);
  const status = childText(parseDocument(payloadOf(req), 'VersioningConfiguration'), 'Status');
  if (status !== 'Enabled' && status !== 'Suspended') throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  if (status === 'Suspended' && bucket.replication) {
    throw new AwsError('InvalidBucketState', 'A replication configuration is present on this bucket, so the versioning state cannot be changed.', 409);
  }
  bucket.versioning = status;
  return empty();
}

export function getBucketVersioning(s3: S3Backend, name: string): WireResponse {
  return xmlDocument('VersioningConfiguration', { Status: s3.bucket(name).versioning });
}

export function putBucketEncryption(s3: S3Backend, req: WireRequest, name: string): WireResponse {
  const bucket = s3.bucket(name);
  bucket.encryption = parseEncryption(parseDocument(payloadOf(req), 'ServerSideEncryptionConfiguration'));
  return empty();
}

export function getBucketEncryption(s3: S3Backend, name: string): WireResponse {
  // Every bucket has default encryption (SSE-S3) since January 2023.
  const rules = s3.bucket(name).encryption ?? [{ algorithm: 'AES256', bucketKeyEnabled: false }];
  return xmlDocument('ServerSideEncryptionConfiguration', renderEncryption(rules));
}

export function deleteBucketEncryption(s3: S3Backend, name: string): WireResponse {
  s3.bucket(name).encryption = undefined;
  return empty(204);
}

export function putBucketTagging(s3: S3Backend, req: WireRequest, name: string): WireResponse {
  const bucket = s3.bucket(name);
  bucket.tags = parseTagging(parseDocument(payloadOf(req), 'Tagging'));
  return empty(204);
}

export function getBucketTagging(s3: S3Backend, name: string): WireResponse {
  const tags = s3.bucket(name).tags;
  if (!tags || tags.length === 0) throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404);
  return xmlDocument('Tagging', { TagSet: { Tag: tags.map((t) => ({ Key: t.key, Value: t.value })) } });
}

export function deleteBucketTagging(s3: S3Backend, name: string): WireResponse {
  s3.bucket(name).tags = undefined;
  return empty(204);
}

export function putBucketReplication(s3: S3Backend, req: WireRequest, name: string): WireResponse {
  const bucket = s3.bucket(name);
  const config = parseReplication(parseDocument(payloadOf(req), 'ReplicationConfiguration'));
  if (bucket.versioning !== 'Enabled') {
    throw new AwsError('InvalidRequest', 'Versioning must be \'Enabled\' on the bucket to apply a replication configuration');
  }
  for (const rule of config.rules) {
    const destination = s3.buckets.get(rule.destinationBucket.replace(/^arn:aws:s3:::/, ''));
    if (!destination) throw new AwsError('InvalidRequest', 'Destination bucket must exist.');
    if (destination.versioning !== 'Enabled') throw new AwsError('InvalidRequest', 'Destination bucket must have versioning enabled.');
  }
  bucket.replication = config;
  return empty();
}

export function getBucketReplication(s3: S3Backend, name: string): WireResponse {
  const config = s3.bucket(name).replication;
  if (!config) throw new AwsError('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404);
  return xmlDocument('ReplicationConfiguration', renderReplication(config));
}

export function deleteBucketReplication(s3: S3Backend, name: string): WireResponse {
  s3.bucket(name).replication = undefined;
  return empty(204);
}

/** Subresources kept as the raw document sent: which error their Get answers when there is none. */
export const DOCUMENTS: Record<string, { action: string; missing?: [string, string]; emptyRoot?: string }> = {
  policy: { action: 'BucketPolicy', missing: ['NoSuchBucketPolicy', 'The bucket policy does not exist'] },
  cors: { action: 'BucketCors', missing: ['NoSuchCORSConfiguration', 'The CORS configuration does not exist'] },
  lifecycle: { action: 'BucketLifecycleConfiguration', missing: ['NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'] },
  publicAccessBlock: { action: 'PublicAccessBlock', missing: ['NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'] },
  ownershipControls: { action: 'BucketOwnershipControls', missing: ['OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'] },
  website: { action: 'BucketWebsite', missing: ['NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'] },
  notification: { action: 'BucketNotificationConfiguration', emptyRoot: 'NotificationConfiguration' },
  logging: { action: 'BucketLogging', emptyRoot: 'BucketLoggingStatus' },
};

export function documentCall(s3: S3Backend, req: WireRequest, name: string, sub: string): WireResponse {
  const bucket = s3.bucket(name);
  const spec = DOCUMENTS[sub];
  if (!spec) throw new AwsError('InternalFailure', `no document subresource ${sub}`, 500);
  if (req.method === 'PUT') {
    bucket.documents[sub] = payloadOf(req).toString('utf8');
    return empty(200);
  }
  if (req.method === 'DELETE') {
    delete bucket.documents[sub];
    return empty(204);
  }
  const doc = bucket.documents[sub];
  if (doc !== undefined) {
    return { status: 200, headers: { 'content-type': sub === 'policy' ? 'application/json' : 'application/xml' }, body: doc };
  }
  if (spec.emptyRoot) return xmlDocument(spec.emptyRoot, {});
  const [code, message] = spec.missing ?? ['NoSuchConfiguration', 'The configuration does not exist'];
  throw new AwsError(code, message, 404);
}

function maxKeysOf(req: WireRequest): number {
  const raw = req.query.get('max-keys');
  const n = raw === null ? 1000 : Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  return Math.min(n, 1000);
}

function objectEntry(v: ObjectVersion, encode: (s: string) => string): Record<string, string | number> {
  return { Key: encode(v.key), LastModified: isoTime(v.lastModified), ETag: v.etag, Size: v.size, StorageClass: 'STANDARD' };
}

/** ListObjectsV2 (list-type=2) and the older ListObjects (marker). encoding-type=url encodes keys. */
export function listObjects(s3: S3Backend, req: WireRequest, name: string): WireResponse {
  const bucket = s3.bucket(name);
  const q = req.query;
  const urlEncode = q.get('encoding-type') === 'url';
  const encode = (s: string): string => (urlEncode ? encodeURIComponent(s) : s);
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  const maxKeys = maxKeysOf(req);
  const v2 = q.get('list-type') === '2';
  const token = q.get('continuation-token');
  const after = v2 ? (token ? Buffer.from(token, 'base64url').toString('utf8') : (q.get('start-after') ?? undefined)) : (q.get('marker') ?? undefined);
  const page = listCurrent(bucket, prefix, delimiter, after || undefined, maxKeys);
  const common = {
    Name: name,
    Prefix: encode(prefix),
    Delimiter: delimiter === undefined ? undefined : encode(delimiter),
    MaxKeys: maxKeys,
    EncodingType: urlEncode ? 'url' : undefined,
    IsTruncated: page.truncated,
    Contents: page.items.map((v) => objectEntry(v, encode)),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
  };
  if (!v2) {
    return xmlDocument('ListBucketResult', { ...common, Marker: q.get('marker') ?? '', NextMarker: page.truncated && delimiter ? page.last : undefined });
  }
  return xmlDocument('ListBucketResult', {
    ...common,
    KeyCount: page.items.length + page.commonPrefixes.length,
    ContinuationToken: token ?? undefined,
    NextContinuationToken: page.truncated && page.last !== undefined ? Buffer.from(page.last, 'utf8').toString('base64url') : undefined,
    StartAfter: q.get('start-after') ?? undefined,
  });
}

export function listObjectVersions(s3: S3Backend, req: WireRequest, name: string): WireResponse {
  const bucket = s3.bucket(name);
  const q = req.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  const keyMarker = q.get('key-marker') || undefined;
  const versionIdMarker = q.get('version-id-marker') || undefined;
  const maxKeys = maxKeysOf(req);
  const page = listVersions(bucket, prefix, delimiter, keyMarker, versionIdMarker, maxKeys);
  const latest = (v: ObjectVersion): boolean => bucket.objects.get(v.key)?.at(-1) === v;
  return xmlDocument('ListVersionsResult', {
    Name: name,
    Prefix: prefix,
    KeyMarker: keyMarker ?? '',
    VersionIdMarker: versionIdMarker ?? '',
    NextKeyMarker: page.truncated ? page.last : undefined,
    NextVersionIdMarker: page.truncated ? page.lastVersionId : undefined,
    MaxKeys: maxKeys,
    Delimiter: delimiter,
    IsTruncated: page.truncated,
    Version: page.items.filter((v) => !v.deleteMarker).map((v) => ({ ...objectEntry(v, (s) => s), VersionId: v.versionId, IsLatest: latest(v) })),
    DeleteMarker: page.items.filter((v) => v.deleteMarker).map((v) => ({ Key: v.key, VersionId: v.versionId, IsLatest: latest(v), LastModified: isoTime(v.lastModified) })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: p })),
  });
}

export function listMultipartUploads(s3: S3Backend, name: string): WireResponse {
  const uploads = [...s3.bucket(name).uploads.values()].sort((a, b) => a.key.localeCompare(b.key));
  return xmlDocument('ListMultipartUploadsResult', {
    Bucket: name,
    IsTruncated: false,
    Upload: uploads.map((u) => ({ Key: u.key, UploadId: u.uploadId, Initiated: isoTime(u.initiated), StorageClass: 'STANDARD' })),
  });
}
