// S3 object operations over REST-XML: Put/Get/Head/Delete/Copy object, DeleteObjects, multipart.
import { createHash } from 'node:crypto';
import { AwsError } from '../../contract.js';
import type { WireRequest, WireResponse } from '../../protocol/http.js';
import { decodeAwsChunked, isAwsChunked } from '../../protocol/aws-chunked.js';
import type { Checksum } from '../../protocol/checksums.js';
import { checksumOf } from '../../protocol/checksums.js';
import { child, childText, children } from '../../protocol/xml.js';
import type { S3Backend } from './backend.js';
import type { Multipart } from './multipart.js';
import { parseDocument } from './documents.js';
import { empty, isoTime, objectHeaders, xmlDocument } from './render.js';
import type { ObjectVersion, ServerSideEncryption, WriteOptions } from './types.js';

const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-language', 'expires'];

/** The payload bytes (aws-chunked decoded) and its checksum; Content-MD5 and checksums checked. */
export function payloadWithChecksum(req: WireRequest): { data: Buffer; checksum?: Checksum } {
  let data = req.body;
  let trailers: Record<string, string> = {};
  if (isAwsChunked(req.headers)) {
    ({ data, trailers } = decodeAwsChunked(req.body));
    const declared = req.headers['x-amz-decoded-content-length'];
    if (declared !== undefined && Number(declared) !== data.length) {
      throw new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    }
  }
  const md5 = req.headers['content-md5'];
  if (md5 !== undefined && createHash('md5').update(data).digest('base64') !== md5) {
    throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  return { data, checksum: checksumOf(data, req.headers, trailers) };
}

/** The payload bytes, checked as `payloadWithChecksum` does. */
export function payloadOf(req: WireRequest): Buffer {
  return payloadWithChecksum(req).data;
}

function sseOf(req: WireRequest): ServerSideEncryption | undefined {
  const algorithm = req.headers['x-amz-server-side-encryption'];
  if (!algorithm) return undefined;
  return { algorithm, kmsKeyId: req.headers['x-amz-server-side-encryption-aws-kms-key-id'] };
}

/** Content type, user metadata, stored headers and encryption a write request asks for. */
export function writeOptionsOf(req: WireRequest): WriteOptions {
  const metadata: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith('x-amz-meta-')) metadata[k.slice('x-amz-meta-'.length)] = v;
    if (STORED_HEADERS.includes(k)) headers[k] = v;
  }
  const encoding = (req.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  if (encoding.length > 0) headers['content-encoding'] = encoding.join(',');
  return { contentType: req.headers['content-type'], metadata, headers, sse: sseOf(req) };
}

function writeHeaders(version: ObjectVersion): Record<string, string> {
  const headers: Record<string, string> = { etag: version.etag };
  if (version.checksum) headers[`x-amz-checksum-${version.checksum.algorithm}`] = version.checksum.value;
  if (version.versionId !== 'null') headers['x-amz-version-id'] = version.versionId;
  if (version.sse) {
    headers['x-amz-server-side-encryption'] = version.sse.algorithm;
    if (version.sse.kmsKeyId) headers['x-amz-server-side-encryption-aws-kms-key-id'] = version.sse.kmsKeyId;
  }
  return headers;
}

export function putObject(s3: S3Backend, req: WireRequest, bucket: string, key: string): WireResponse {
  const { data, checksum } = payloadWithChecksum(req);
  const version = s3.putObject(bucket, key, data, writeOptionsOf(req), checksum ? { checksum } : {});
  return empty(200, writeHeaders(version));
}

function parseRange(header: string, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416);
  return { start, end };
}

export function getObject(s3: S3Backend, req: WireRequest, bucket: string, key: string, head: boolean): WireResponse {
  const version = s3.getObject(bucket, key, req.query.get('versionId') ?? undefined);
  const headers = objectHeaders(version);
  const range = req.headers.range ? parseRange(req.headers.range, version.size) : undefined;
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${version.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    return { status: 206, headers, body: head ? undefined : version.body.subarray(range.start, range.end + 1) };
  }
  headers['content-length'] = String(version.size);
  // Full-object checksums only, and only when asked (S3 sends none for ranged reads).
  if (version.checksum && req.headers['x-amz-checksum-mode'] === 'ENABLED') {
    headers[`x-amz-checksum-${version.checksum.algorithm}`] = version.checksum.value;
    headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  return { status: 200, headers, body: head ? undefined : version.body };
}

export function deleteObject(s3: S3Backend, req: WireRequest, bucket: string, key: string): WireResponse {
  const result = s3.deleteObject(bucket, key, req.query.get('versionId') ?? undefined);
  const headers: Record<string, string> = {};
  if (result.deleteMarker) headers['x-amz-delete-marker'] = 'true';
  if (result.versionId !== undefined && result.versionId !== 'null') headers['x-amz-version-id'] = result.versionId;
  return empty(204, headers);
}

export function deleteObjects(s3: S3Backend, req: WireRequest, bucket: string): WireResponse {
  const doc = parseDocument(payloadOf(req), 'Delete');
  const quiet = childText(doc, 'Quiet') === 'true';
  s3.bucket(bucket);
  const deleted = children(doc, 'Object').map((o) => {
    const key = child(o, 'Key')?.text ?? '';
    const versionId = childText(o, 'VersionId');
    const result = s3.deleteObject(bucket, key, versionId);
    return {
      Key: key,
      VersionId: versionId,
      DeleteMarker: result.deleteMarker ? true : undefined,
      DeleteMarkerVersionId: result.deleteMarker && !versionId ? result.versionId : undefined,
    };
  });
  return xmlDocument('DeleteResult', { Deleted: quiet ? [] : deleted });
}

/** x-amz-copy-source: "/bucket/key?versionId=..", URL-encoded. */
function copySourceOf(header: string): { bucket: string; key: string; versionId?: string } {
  const [path = '', query = ''] = header.split('?');
  const decoded = decodeURIComponent(path).replace(/^\//, '');
  const slash = decoded.indexOf('/');
  if (slash <= 0) throw new AwsError('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId: new URLSearchParams(query).get('versionId') ?? undefined };
}

export function copyObject(s3: S3Backend, req: WireRequest, bucket: string, key: string): WireResponse {
  const source = copySourceOf(req.headers['x-amz-copy-source'] ?? '');
  const from = s3.getObject(source.bucket, source.key, source.versionId);
  const replace = req.headers['x-amz-metadata-directive'] === 'REPLACE';
  const requested = writeOptionsOf(req);
  if (source.bucket === bucket && source.key === key && !replace && !requested.sse) {
    throw new AwsError('InvalidRequest', "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const options: WriteOptions = replace ? requested : { contentType: from.contentType, metadata: from.metadata, headers: from.headers, sse: requested.sse };
  const version = s3.putObject(bucket, key, from.body, options, from.checksum ? { etag: from.etag, checksum: from.checksum } : { etag: from.etag });
  const headers = writeHeaders(version);
  delete headers.etag;
  if (from.versionId !== 'null') headers['x-amz-copy-source-version-id'] = from.versionId;
  return xmlDocument('CopyObjectResult', { LastModified: isoTime(version.lastModified), ETag: version.etag }, 200, headers);
}

export function createMultipartUpload(multipart: Multipart, req: WireRequest, bucket: string, key: string): WireResponse {
  const upload = multipart.create(bucket, key, writeOptionsOf(req));
  const headers: Record<string, string> = {};
  if (upload.sse) headers['x-amz-server-side-encryption'] = upload.sse.algorithm;
  return xmlDocument('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: upload.uploadId }, 200, headers);
}

export function uploadPart(multipart: Multipart, req: WireRequest, bucket: string, key: string): WireResponse {
  const { data, checksum } = payloadWithChecksum(req);
  const { etag, upload } = multipart.uploadPart(bucket, key, req.query.get('uploadId') ?? '', Number(req.query.get('partNumber')), data);
  const headers: Record<string, string> = { etag };
  if (checksum) headers[`x-amz-checksum-${checksum.algorithm}`] = checksum.value;
  if (upload.sse) headers['x-amz-server-side-encryption'] = upload.sse.algorithm;
  return empty(200, headers);
}

export function completeMultipartUpload(multipart: Multipart, req: WireRequest, bucket: string, key: string): WireResponse {
  const doc = parseDocument(payloadOf(req), 'CompleteMultipartUpload');
  const parts = children(doc, 'Part').map((p) => ({ partNumber: Number(childText(p, 'PartNumber')), etag: childText(p, 'ETag') ?? '' }));
  const version = multipart.complete(bucket, key, req.query.get('uploadId') ?? '', parts);
  const headers = writeHeaders(version);
  delete headers.etag;
  const location = `http://${req.host}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return xmlDocument('CompleteMultipartUploadResult', { Location: location, Bucket: bucket, Key: key, ETag: version.etag }, 200, headers);
}

export function abortMultipartUpload(multipart: Multipart, req: WireRequest, bucket: string, key: string): WireResponse {
  multipart.abort(bucket, key, req.query.get('uploadId') ?? '');
  return empty(204);
}

export function listParts(multipart: Multipart, req: WireRequest, bucket: string, key: string): WireResponse {
  const upload = multipart.upload(bucket, key, req.query.get('uploadId') ?? '');
  const parts = [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  return xmlDocument('ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: upload.uploadId,
    IsTruncated: false,
    Part: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, Size: p.size, LastModified: isoTime(upload.initiated) })),
  });
}
