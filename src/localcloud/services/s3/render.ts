// S3's REST-XML rendering: XML documents, error bodies, object headers.
import { AwsError } from '../../contract.js';
import type { XmlValue } from '../../contract.js';
import type { WireResponse } from '../../protocol/http.js';
import { renderXml } from '../../protocol/xml.js';
import type { ObjectVersion } from './types.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** ISO-8601 time as S3 writes it in XML. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** An S3 XML document: root element with S3's namespace; lists are flattened (repeated elements). */
export function xmlDocument(root: string, content: Record<string, XmlValue>, status = 200, headers: Record<string, string> = {}): WireResponse {
  const inner = Object.entries(content)
    .map(([k, v]) => renderXml(k, v, true))
    .join('');
  return {
    status,
    headers: { 'content-type': 'application/xml', ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_XMLNS}">${inner}</${root}>`,
  };
}

export function empty(status = 200, headers: Record<string, string> = {}): WireResponse {
  return { status, headers };
}

/** Extra facts some S3 errors carry (a delete marker behind a 404/405, the missing key). */
export interface S3ErrorDetails {
  key?: string;
  bucketName?: string;
  versionId?: string;
  deleteMarker?: ObjectVersion;
}

/** S3's `<Error>` body (none for HEAD), plus the delete-marker headers S3 sends with it. */
export function renderS3Error(err: AwsError, method: string, requestId: string): WireResponse {
  const details = err as AwsError & S3ErrorDetails;
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': requestId };
  if (details.deleteMarker) {
    headers['x-amz-delete-marker'] = 'true';
    if (details.deleteMarker.versionId !== 'null') headers['x-amz-version-id'] = details.deleteMarker.versionId;
    headers['last-modified'] = new Date(details.deleteMarker.lastModified).toUTCString();
  }
  if (method === 'HEAD') return { status: err.status, headers };
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    renderXml('Error', { Code: err.code, Message: err.message, Key: details.key, BucketName: details.bucketName, VersionId: details.versionId, RequestId: requestId, HostId: requestId });
  return { status: err.status, headers: { ...headers, 'content-type': 'application/xml' }, body };
}

/** The headers GetObject and HeadObject answer with. */
export function objectHeaders(version: ObjectVersion): Record<string, string> {
  const headers: Record<string, string> = {
    etag: version.etag,
    'last-modified': new Date(version.lastModified).toUTCString(),
    'content-type': version.contentType ?? 'binary/octet-stream',
    'accept-ranges': 'bytes',
    ...version.headers,
  };
  if (version.versionId !== 'null') headers['x-amz-version-id'] = version.versionId;
  for (const [k, v] of Object.entries(version.metadata)) headers[`x-amz-meta-${k}`] = v;
  if (version.sse) {
    headers['x-amz-server-side-encryption'] = version.sse.algorithm;
    if (version.sse.kmsKeyId) headers['x-amz-server-side-encryption-aws-kms-key-id'] = version.sse.kmsKeyId;
  }
  if (version.replicationStatus) headers['x-amz-replication-status'] = version.replicationStatus;
  if (version.partsCount) headers['x-amz-mp-parts-count'] = String(version.partsCount);
  return headers;
}

/** The error for an S3 operation localcloud does not implement. */
export function notImplemented(action: string): AwsError {
  return new AwsError('NotImplemented', `${action} is not implemented by localcloud`, 501);
}
