// Reads a zip archive through its central directory, for checking what the packager wrote.
import { crc32, inflateRawSync } from 'node:zlib';

export interface ReadEntry {
  path: string;
  content: Buffer;
  mode: number;
  dosDate: number;
  dosTime: number;
  method: number;
}

export function readZip(zip: Buffer): ReadEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const dosTime = zip.readUInt16LE(at + 12);
    const dosDate = zip.readUInt16LE(at + 14);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const local = zip.readUInt32LE(at + 42);
    const path = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + compressed);
    const content = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if ((crc32(content) >>> 0) !== crc) throw new Error(`${path}: CRC mismatch`);
    out.push({ path, content, mode, dosDate, dosTime, method });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
