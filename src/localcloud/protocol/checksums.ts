// S3's flexible checksums (x-amz-checksum-*): read from headers or aws-chunked trailers, and
// checked where Node can compute them (CRC32, SHA-1, SHA-256; CRC32C and CRC64NVME are kept unchecked).
import { createHash } from 'node:crypto';
import { AwsError } from '../contract.js';

export interface Checksum {
  /** crc32, crc32c, crc64nvme, sha1, sha256 */
  algorithm: string;
  /** Base64, as the client sent it. */
  value: string;
}

const CRC32_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): Buffer {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out;
}

const COMPUTE: Record<string, (data: Buffer) => Buffer> = {
  crc32,
  sha1: (d) => createHash('sha1').update(d).digest(),
  sha256: (d) => createHash('sha256').update(d).digest(),
};

const ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

/** The checksum a write carries (header first, then trailer), verified against `data` when computable. */
export function checksumOf(data: Buffer, headers: Record<string, string>, trailers: Record<string, string>): Checksum | undefined {
  for (const algorithm of ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const value = headers[name] ?? trailers[name];
    if (value === undefined) continue;
    const compute = COMPUTE[algorithm];
    if (compute && compute(data).toString('base64') !== value) {
      throw new AwsError('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    }
    return { algorithm, value };
  }
  return undefined;
}
