// Maps an S3 REST request (method, path-style or virtual-host bucket, subresource) to its operation.
import type { RequestContext } from '../../contract.js';
import type { WireRequest, WireResponse } from '../../protocol/http.js';
import type { S3Backend } from './backend.js';
import * as buckets from './bucket-handlers.js';
import type { Multipart } from './multipart.js';
import * as objects from './object-handlers.js';
import { notImplemented } from './render.js';

/** An S3 call resolved to its operation; `run` does it. */
export interface S3Route {
  action: string;
  bucket?: string;
  key?: string;
  run(): WireResponse;
}

/** Bucket and key from a virtual-host name (bucket.localhost, bucket.s3.localhost) or the path. */
export function bucketAndKey(req: WireRequest): { bucket?: string; key?: string } {
  const host = req.host.replace(/:\d+$/, '');
  const virtual = /^(.+?)(?:\.s3)?\.localhost$/.exec(host);
  const segments = req.rawPath.split('/').slice(1);
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (virtual?.[1] && virtual[1] !== 's3') {
    const key = segments.map(decode).join('/');
    return { bucket: virtual[1], key: key === '' ? undefined : key };
  }
  const [bucket = '', ...rest] = segments;
  const key = rest.map(decode).join('/');
  return { bucket: bucket === '' ? undefined : decode(bucket), key: rest.length === 0 || key === '' ? undefined : key };
}

const CONFIGS: Record<string, string> = { versioning: 'BucketVersioning', encryption: 'BucketEncryption', tagging: 'BucketTagging', replication: 'BucketReplication' };
const VERB: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', HEAD: 'Head', POST: 'Post' };

function configRoute(s3: S3Backend, req: WireRequest, bucket: string, sub: string): (() => WireResponse) | undefined {
  const table: Record<string, Record<string, () => WireResponse>> = {
    versioning: { GET: () => buckets.getBucketVersioning(s3, bucket), PUT: () => buckets.putBucketVersioning(s3, req, bucket) },
    encryption: {
      GET: () => buckets.getBucketEncryption(s3, bucket),
      PUT: () => buckets.putBucketEncryption(s3, req, bucket),
      DELETE: () => buckets.deleteBucketEncryption(s3, bucket),
    },
    tagging: {
      GET: () => buckets.getBucketTagging(s3, bucket),
      PUT: () => buckets.putBucketTagging(s3, req, bucket),
      DELETE: () => buckets.deleteBucketTagging(s3, bucket),
    },
    replication: {
      GET: () => buckets.getBucketReplication(s3, bucket),
      PUT: () => buckets.putBucketReplication(s3, req, bucket),
      DELETE: () => buckets.deleteBucketReplication(s3, bucket),
    },
  };
  return table[sub]?.[req.method];
}

function bucketRoute(s3: S3Backend, multipart: Multipart, req: WireRequest, ctx: RequestContext, bucket: string): S3Route {
  const q = req.query;
  const verb = VERB[req.method] ?? req.method;
  const sub = [...q.keys()].find((k) => k in CONFIGS || k in buckets.DOCUMENTS || ['location', 'versions', 'uploads', 'delete', 'acl'].includes(k));
  const route = (action: string, run: () => WireResponse): S3Route => ({ action, bucket, run });
  if (sub && sub in CONFIGS) {
    const run = configRoute(s3, req, bucket, sub);
    return route(`${verb}${CONFIGS[sub]}`, run ?? (() => { throw notImplemented(`${verb}${CONFIGS[sub]}`); }));
  }
  if (sub && sub in buckets.DOCUMENTS) {
    const action = `${verb}${buckets.DOCUMENTS[sub]?.action ?? sub}`;
    return route(action, () => buckets.documentCall(s3, req, bucket, sub));
  }
  switch (`${req.method} ${sub ?? ''}`) {
    case 'GET location': return route('GetBucketLocation', () => buckets.getBucketLocation(s3, bucket));
    case 'GET versions': return route('ListObjectVersions', () => buckets.listObjectVersions(s3, req, bucket));
    case 'GET uploads': return route('ListMultipartUploads', () => buckets.listMultipartUploads(s3, bucket));
    case 'POST delete': return route('DeleteObjects', () => objects.deleteObjects(s3, req, bucket));
    case 'GET ': return route(q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', () => buckets.listObjects(s3, req, bucket));
    case 'PUT ': return route('CreateBucket', () => buckets.createBucket(s3, req, ctx, bucket));
    case 'HEAD ': return route('HeadBucket', () => buckets.headBucket(s3, bucket));
    case 'DELETE ': return route('DeleteBucket', () => { s3.deleteBucket(bucket); return { status: 204, headers: {} }; });
    default: {
      const name = sub ? `${verb}Bucket${sub.charAt(0).toUpperCase()}${sub.slice(1)}` : `${verb}Bucket`;
      return route(name, () => { throw notImplemented(name); });
    }
  }
}

function objectRoute(s3: S3Backend, multipart: Multipart, req: WireRequest, bucket: string, key: string): S3Route {
  const q = req.query;
  const route = (action: string, run: () => WireResponse): S3Route => ({ action, bucket, key, run });
  const uploadId = q.has('uploadId');
  const copy = req.headers['x-amz-copy-source'] !== undefined;
  if (q.has('tagging') || q.has('acl') || q.has('retention') || q.has('legal-hold') || q.has('attributes') || q.has('restore')) {
    const sub = [...q.keys()].find((k) => ['tagging', 'acl', 'retention', 'legal-hold', 'attributes', 'restore'].includes(k)) ?? '';
    const name = `${VERB[req.method] ?? req.method}Object${sub.charAt(0).toUpperCase()}${sub.slice(1)}`;
    return route(name, () => { throw notImplemented(name); });
  }
  switch (req.method) {
    case 'PUT':
      if (uploadId && copy) return route('UploadPartCopy', () => { throw notImplemented('UploadPartCopy'); });
      if (uploadId) return route('UploadPart', () => objects.uploadPart(multipart, req, bucket, key));
      if (copy) return route('CopyObject', () => objects.copyObject(s3, req, bucket, key));
      return route('PutObject', () => objects.putObject(s3, req, bucket, key));
    case 'GET':
      if (uploadId) return route('ListParts', () => objects.listParts(multipart, req, bucket, key));
      return route('GetObject', () => objects.getObject(s3, req, bucket, key, false));
    case 'HEAD':
      return route('HeadObject', () => objects.getObject(s3, req, bucket, key, true));
    case 'DELETE':
      if (uploadId) return route('AbortMultipartUpload', () => objects.abortMultipartUpload(multipart, req, bucket, key));
      return route('DeleteObject', () => objects.deleteObject(s3, req, bucket, key));
    case 'POST':
      if (q.has('uploads')) return route('CreateMultipartUpload', () => objects.createMultipartUpload(multipart, req, bucket, key));
      if (uploadId) return route('CompleteMultipartUpload', () => objects.completeMultipartUpload(multipart, req, bucket, key));
      return route('PostObject', () => { throw notImplemented('PostObject'); });
    default:
      return route(`${req.method}Object`, () => { throw notImplemented(`${req.method} on an object`); });
  }
}

/** Resolves an S3 request to its operation. */
export function routeS3(s3: S3Backend, multipart: Multipart, req: WireRequest, ctx: RequestContext): S3Route {
  const { bucket, key } = bucketAndKey(req);
  if (bucket === undefined) {
    if (req.method === 'GET') return { action: 'ListBuckets', run: () => buckets.listBuckets(s3, ctx) };
    return { action: `${req.method} /`, run: () => { throw notImplemented(`${req.method} on the service root`); } };
  }
  return key === undefined ? bucketRoute(s3, multipart, req, ctx, bucket) : objectRoute(s3, multipart, req, bucket, key);
}
