// The HTTP shapes localcloud's protocols work on, and what the SigV4 signature tells about the caller.
import type { IncomingMessage } from 'node:http';

/** A fully read request. Header names are lower-case. */
export interface WireRequest {
  method: string;
  /** Decoded path without the query string, e.g. /bucket/some key. */
  path: string;
  /** The raw path as sent (still percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  host: string;
  body: Buffer;
}

/** A response ready to write. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** The caller as its signature names it. */
export interface Signer {
  accessKeyId: string;
  region?: string;
  service?: string;
}

/** Reads a node request fully into a WireRequest. */
export async function readWireRequest(req: IncomingMessage): Promise<WireRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    rawPath,
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers,
    host: headers.host ?? '',
    body: Buffer.concat(chunks),
  };
}

// Credential=AKID/20250101/us-east-1/s3/aws4_request
const CREDENTIAL = /Credential=([^/,\s]*)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Who signed the request: from the Authorization header, or a presigned URL's X-Amz-Credential. */
export function signerOf(req: Pick<WireRequest, 'headers' | 'query'>): Signer {
  const auth = req.headers.authorization ?? '';
  const fromHeader = CREDENTIAL.exec(auth);
  if (fromHeader) return { accessKeyId: fromHeader[1] ?? '', region: fromHeader[2], service: fromHeader[3] };
  const presigned = req.query.get('X-Amz-Credential');
  if (presigned) {
    const [key = '', , region, service] = presigned.split('/');
    return { accessKeyId: key, region, service };
  }
  // SigV2-style "AWS AKID:signature" from old clients: the key only.
  const v2 = /^AWS ([^:]+):/.exec(auth);
  return { accessKeyId: v2?.[1] ?? '' };
}
