// A localcloud for a data folder, whoever runs it: this process starts one, or, when another live
// process already serves that folder, its endpoint is used instead (`join`), so two commands
// sharing `.meridian/localcloud` see one state rather than overwriting each other's.
import { request } from 'node:http';
import type { LockHolder } from './data-lock.js';
import { DataDirLockedError, processAlive, readLock } from './data-lock.js';
import type { LocalCloud, LocalCloudOptions } from './server.js';
import { startLocalCloud } from './server.js';

export type OpenedLocalCloud = { kind: 'started'; cloud: LocalCloud } | { kind: 'joined'; endpoint: string; holder: LockHolder };

export interface OpenOptions {
  /** `join` uses a running holder's endpoint; `fail` throws DataDirLockedError (default). */
  whenLocked?: 'join' | 'fail';
  /** How long to wait for a holder that is still starting to announce its port (default 5 s). */
  joinWaitMs?: number;
}

const STEP_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether something answers localcloud's admin API at `endpoint`. */
function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${endpoint}/_localcloud/throttle`, { method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The holder of `dataDir` once it listens and answers, or undefined if it stops or never does. */
async function reachableHolder(dataDir: string, waitMs: number): Promise<LockHolder | undefined> {
  for (let waited = 0; waited <= waitMs; waited += STEP_MS) {
    const holder = readLock(dataDir);
    if (!holder || !processAlive(holder.pid)) return undefined;
    if (holder.endpoint && (await answers(holder.endpoint))) return holder;
    await sleep(STEP_MS);
  }
  return undefined;
}

/** Starts localcloud on `options.dataDir`, or joins the live localcloud that holds it. */
export async function openLocalCloud(options: LocalCloudOptions & { dataDir: string }, open: OpenOptions = {}): Promise<OpenedLocalCloud> {
  // Bounded: a holder that vanishes between our two looks is retried once.
  for (let attempt = 0; ; attempt++) {
    try {
      return { kind: 'started', cloud: await startLocalCloud(options) };
    } catch (err) {
      if (!(err instanceof DataDirLockedError) || open.whenLocked !== 'join') throw err;
      const holder = await reachableHolder(options.dataDir, open.joinWaitMs ?? 5_000);
      if (holder?.endpoint) return { kind: 'joined', endpoint: holder.endpoint, holder };
      if (attempt >= 1 || processAlive(err.holder.pid)) throw err;
    }
  }
}
