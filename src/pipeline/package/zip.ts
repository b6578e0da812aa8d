// A deterministic zip writer. Written here because no maintained zero-dependency zip writer fits:
// the popular ones (archiver, jszip, yazl) stamp the current time or the file's mtime into every
// entry and either pull in a dependency tree or are unmaintained; content-addressed uploads need
// the same folder to give the same bytes on every machine and every checkout.
// Fixed: entry order (sorted by path), timestamps (1980-01-01 00:00, the DOS epoch), permissions
// (0644, or 0755 where any execute bit is set: git keeps only that bit), no directory entries.
import { crc32, deflateRawSync } from 'node:zlib';

/** One file to put in the archive: a `/`-separated relative path and its bytes. */
export interface ZipEntry {
  path: string;
  content: Buffer;
  executable?: boolean;
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_TIME_MIDNIGHT = 0;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const STORE = 0;
const VERSION = 20;
// "Version made by" 3 = UNIX, so unzip tools read the mode from the external attributes.
const MADE_BY_UNIX = (3 << 8) | VERSION;
const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;

/** Thrown when the input cannot be written without ZIP64 (not needed for Lambda's 250 MB limit). */
export class ZipLimitError extends Error {
  readonly code = 'PACKAGE_ZIP_TOO_LARGE';
}

function localHeader(name: Buffer, method: number, crc: number, compressed: number, size: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(VERSION, 4);
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(method, 8);
  h.writeUInt16LE(DOS_TIME_MIDNIGHT, 10);
  h.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(compressed, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return h;
}

interface Written {
  name: Buffer;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  mode: number;
  offset: number;
}

function centralHeader(e: Written): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(MADE_BY_UNIX, 4);
  h.writeUInt16LE(VERSION, 6);
  h.writeUInt16LE(UTF8_NAMES, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(DOS_TIME_MIDNIGHT, 12);
  h.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.compressed, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  // extra length, comment length, disk number start, internal attributes: all 0
  h.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38);
  h.writeUInt32LE(e.offset, 42);
  return h;
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

const byPath = (a: ZipEntry, b: ZipEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Writes `entries` as one zip archive; the same entries always give the same bytes. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_ENTRIES) throw new ZipLimitError(`${entries.length} files: a zip without ZIP64 holds at most ${MAX_ENTRIES}`);
  const chunks: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const entry of [...entries].sort(byPath)) {
    const name = Buffer.from(entry.path.replace(/\\/g, '/').replace(/^\/+/, ''), 'utf8');
    const deflated = deflateRawSync(entry.content, { level: 6 });
    // Store when deflate does not help (already-compressed files), as zip tools do.
    const method = deflated.length < entry.content.length ? DEFLATE : STORE;
    const data = method === DEFLATE ? deflated : entry.content;
    const crc = crc32(entry.content) >>> 0;
    if (entry.content.length > MAX_BYTES || offset + data.length > MAX_BYTES) throw new ZipLimitError(`${entry.path}: the archive would exceed 4 GiB`);
    const header = localHeader(name, method, crc, data.length, entry.content.length);
    written.push({ name, method, crc, compressed: data.length, size: entry.content.length, mode: entry.executable ? 0o755 : 0o644, offset });
    chunks.push(header, name, data);
    offset += header.length + name.length + data.length;
  }
  const centralStart = offset;
  for (const e of written) {
    const header = centralHeader(e);
    chunks.push(header, e.name);
    offset += header.length + e.name.length;
  }
  chunks.push(endOfCentralDirectory(written.length, offset - centralStart, centralStart));
  return Buffer.concat(chunks);
}
