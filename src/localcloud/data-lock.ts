// One writer per data folder: `DIR/localcloud.lock` holds the pid and port of the localcloud that
// owns DIR. Two instances saving state.json in turn would each overwrite what the other recorded,
// so a second one must either use the running one or stop. A lock whose pid is dead is stale
// (the holder was killed) and is taken over.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'localcloud.lock';

/** Who holds a data folder, as its lock file says. */
export interface LockHolder {
  pid: number;
  /** Undefined while the holder is still starting (it writes its port once it listens). */
  port?: number;
  host?: string;
  endpoint?: string;
  dataDir: string;
}

/** A data folder another live process holds; `holder` says which. */
export class DataDirLockedError extends Error {
  readonly code = 'LOCALCLOUD_DATA_LOCKED';
  constructor(readonly holder: LockHolder) {
    super(
      `localcloud data folder ${holder.dataDir} is in use by process ${holder.pid}` +
        (holder.endpoint ? ` (localcloud on ${holder.endpoint})` : ' (still starting)') +
        `; stop it, or point this command at it. A lock left by a process that died is taken over (${join(holder.dataDir, LOCK_FILE)}).`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's holder, or undefined when there is none (or it is not a lock localcloud wrote). */
export function readLock(dataDir: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { ...parsed, pid: parsed.pid, dataDir };
  } catch {
    return undefined;
  }
}

const content = (h: LockHolder) => JSON.stringify({ pid: h.pid, port: h.port, host: h.host, endpoint: h.endpoint });

/** The endpoint a client on this machine uses to reach a server bound to `host:port`. */
export function endpointOf(host: string, port: number): string {
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}

/** A data folder lock this process holds. */
export interface DataLock {
  /** Records where the holder listens, so a second instance can join it. */
  announce(host: string, port: number): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

/**
 * Takes the lock of `dataDir` for this process, taking over a stale one; throws DataDirLockedError
 * when a live process holds it. (Two processes taking over the same stale lock at the same instant
 * may both succeed; localcloud does not guard against that.)
 */
export function acquireDataLock(dataDir: string, pid = process.pid): DataLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  // The lock appears complete or not at all: written aside, then hard-linked into place (link fails
  // if the lock exists), so nobody ever reads a half-written lock and mistakes it for stale.
  const tmp = `${path}.${pid}.new`;
  writeFileSync(tmp, content({ pid, dataDir }));
  try {
    // Bounded: each pass either creates the lock, finds a live holder, or removes a stale lock.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(tmp, path);
        return ownLock(dataDir, pid);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readLock(dataDir);
      if (holder && processAlive(holder.pid)) throw new DataDirLockedError(holder);
      rmSync(path, { force: true });
    }
    throw new DataDirLockedError(readLock(dataDir) ?? { pid: 0, dataDir });
  } finally {
    rmSync(tmp, { force: true });
  }
}

function ownLock(dataDir: string, pid: number): DataLock {
  const path = join(dataDir, LOCK_FILE);
  const ours = () => readLock(dataDir)?.pid === pid;
  return {
    announce(host, port) {
      if (!ours()) return;
      const tmp = `${path}.${pid}.tmp`;
      writeFileSync(tmp, content({ pid, port, host, endpoint: endpointOf(host, port), dataDir }));
      renameSync(tmp, path);
    },
    release() {
      if (ours()) rmSync(path, { force: true });
    },
  };
}
