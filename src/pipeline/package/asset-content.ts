// Turns a local path into the bytes to upload: a folder becomes a deterministic zip, a file is
// uploaded as it is (or zipped where Lambda needs an archive), and nothing outside the tree is read.
import type { Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeZip, ZipLimitError, type ZipEntry } from './zip.js';

/** Bytes ready for upload, and the key suffix that tells what they are. */
export interface AssetContent {
  content: Buffer;
  suffix: string;
  zipped: boolean;
}

export type ResolvedPath =
  | { kind: 'ok'; absolute: string; relative: string; stats: Stats }
  | { kind: 'missing'; absolute: string }
  | { kind: 'outside'; absolute: string };

const ARCHIVES = new Set(['.zip', '.jar']);
const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
const posix = (p: string) => p.split(sep).join('/');

/** Resolves `localPath` against `baseDir`, following symlinks, and checks it stays inside `rootDir`. */
export async function resolveLocalPath(rootDir: string, baseDir: string, localPath: string): Promise<ResolvedPath> {
  const absolute = isAbsolute(localPath) ? resolve(localPath) : resolve(baseDir, localPath);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    return { kind: 'missing', absolute };
  }
  const root = await realpath(rootDir);
  if (!inside(root, real)) return { kind: 'outside', absolute };
  return { kind: 'ok', absolute: real, relative: posix(relative(root, real)) || '.', stats: await stat(real) };
}

interface FoundFile {
  path: string;
  real: string;
}

/** The files below `dir` for the archive, symlinks followed while they stay inside `root`. */
async function collect(root: string, dir: string, prefix: string, out: FoundFile[], seen: Set<string>): Promise<void> {
  if (seen.has(dir)) return;
  seen.add(dir);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const entryPath = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await collect(root, path, entryPath, out, seen);
    else if (entry.isFile()) out.push({ path: entryPath, real: path });
    else if (entry.isSymbolicLink()) {
      const real = await realpath(path).catch(() => undefined);
      // A dangling link or one leading out of the tree is skipped rather than packaging a host file.
      if (real === undefined || !inside(root, real)) continue;
      const info = await stat(real);
      if (info.isDirectory()) await collect(root, real, entryPath, out, seen);
      else if (info.isFile()) out.push({ path: entryPath, real });
    }
  }
}

// Reads run a few at a time: a bundled function folder has thousands of small files.
const READ_CONCURRENCY = 16;

/** Zips a folder deterministically (the same files give the same bytes). */
export async function zipFolder(rootDir: string, folder: string): Promise<Buffer> {
  const found: FoundFile[] = [];
  await collect(await realpath(rootDir), folder, '', found, new Set());
  const entries: ZipEntry[] = new Array(found.length);
  for (let i = 0; i < found.length; i += READ_CONCURRENCY) {
    await Promise.all(
      found.slice(i, i + READ_CONCURRENCY).map(async (f, j) => {
        const [content, info] = await Promise.all([readFile(f.real), stat(f.real)]);
        entries[i + j] = { path: f.path, content, executable: (info.mode & 0o111) !== 0 };
      }),
    );
  }
  return writeZip(entries);
}

/** The upload for a resolved path under a rule's zip policy; undefined when a folder is not allowed. */
export async function assetContent(
  rootDir: string,
  resolved: Extract<ResolvedPath, { kind: 'ok' }>,
  policy: { forceZip: boolean; allowFolder: boolean },
): Promise<AssetContent | undefined> {
  if (resolved.stats.isDirectory()) {
    if (!policy.allowFolder) return undefined;
    return { content: await zipFolder(rootDir, resolved.absolute), suffix: '.zip', zipped: true };
  }
  const ext = extname(resolved.absolute).toLowerCase();
  const content = await readFile(resolved.absolute);
  if (policy.forceZip && !ARCHIVES.has(ext)) {
    const name = resolved.absolute.slice(resolved.absolute.lastIndexOf(sep) + 1);
    return { content: writeZip([{ path: name, content, executable: (resolved.stats.mode & 0o111) !== 0 }]), suffix: '.zip', zipped: true };
  }
  return { content, suffix: /^\.[a-z0-9]{1,10}$/.test(ext) ? ext : '', zipped: false };
}

export { ZipLimitError };
