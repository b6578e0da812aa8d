// Decodes the SDK's `aws-chunked` streaming uploads: hex-size[;chunk-signature=..] CRLF data CRLF,
// ending with a zero-size chunk and optional trailers (x-amz-checksum-crc32:...). Signatures are not checked.
import { AwsError } from '../contract.js';

/** True when the body is aws-chunked (content-encoding or a STREAMING-* payload hash). */
export function isAwsChunked(headers: Record<string, string>): boolean {
  const sha = headers['x-amz-content-sha256'] ?? '';
  const encoding = headers['content-encoding'] ?? '';
  return sha.startsWith('STREAMING-') || encoding.split(',').some((e) => e.trim() === 'aws-chunked');
}

/** The payload and trailers of an aws-chunked body. */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) throw new AwsError('IncompleteBody', 'The aws-chunked body ended inside a chunk header');
    const header = body.subarray(pos, eol).toString('latin1');
    const size = parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw new AwsError('InvalidRequest', `Bad aws-chunked chunk header "${header}"`);
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size > body.length) throw new AwsError('IncompleteBody', 'The aws-chunked body is shorter than its chunks say');
    parts.push(body.subarray(pos, pos + size));
    pos += size + 2; // data, then CRLF
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(pos).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}
