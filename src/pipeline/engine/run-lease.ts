// The local host's claim on one run (STYLE: time comes in from outside). Taken before a process
// steps a run, checked and renewed before every step that touches the cloud, renewed on a heartbeat
// while a long stack operation runs, released when the process stops stepping the run.
import { hostname } from 'node:os';
import type { LeaseOwner, LeaseRecord, Store } from '../../store/index.js';
import { OwnershipLost } from './journal.js';

export interface LeaseSettings {
  /** How long a lease lives without renewal (a killed process's lease is taken over after this). */
  ttlMs: number;
  now: () => number;
  /** Calls `fn` every `ms` until the returned function is called (the host's timer); absent = no heartbeat. */
  every?: (ms: number, fn: () => void) => () => void;
  /** This process, as the lease names it. */
  owner: LeaseOwner;
}

export const DEFAULT_LEASE_TTL_MS = 60_000;

/** This process as a lease owner: a fresh id per process, with its host and pid (shown to whoever is refused). */
export function processOwner(random: () => number): LeaseOwner {
  return { id: `${hostname()}:${process.pid}:${Math.floor(random() * 2 ** 32).toString(16)}`, host: hostname(), pid: process.pid };
}

/** True when `holder` ran on this host and its process no longer exists. */
export function processGone(holder: LeaseOwner): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Who holds a run, for a refusal message. */
export function describeHolder(l: LeaseRecord, nowMs: number): string {
  return `process ${l.pid} on ${l.host} (since ${new Date(l.acquiredAt).toISOString()}, lease expires in ${Math.max(0, Math.round((l.expiresAt - nowMs) / 1000))} s)`;
}

export class RunLease {
  private stopHeartbeat: (() => void) | undefined;
  private lost: string | undefined;

  private constructor(
    private readonly store: Store,
    readonly runId: string,
    private readonly settings: LeaseSettings,
  ) {}

  /** Takes the run's lease, or returns who holds it. */
  static acquire(store: Store, runId: string, settings: LeaseSettings): { lease: RunLease; tookOver?: LeaseRecord } | { holder: LeaseRecord } {
    const result = store.acquireLease(runId, settings.owner, settings.now(), settings.ttlMs, processGone);
    if (!result.ok) return { holder: result.holder };
    const lease = new RunLease(store, runId, settings);
    lease.stopHeartbeat = settings.every?.(Math.max(1_000, Math.floor(settings.ttlMs / 4)), () => lease.renew());
    return { lease, ...(result.tookOver ? { tookOver: result.tookOver } : {}) };
  }

  private renew(): boolean {
    if (this.lost) return false;
    if (this.store.renewLease(this.runId, this.settings.owner.id, this.settings.now(), this.settings.ttlMs)) return true;
    const holder = this.store.leaseOf(this.runId);
    this.lost = holder ? `run ${this.runId} is now held by ${describeHolder(holder, this.settings.now())}` : `the lease of run ${this.runId} was released`;
    return false;
  }

  /** Renews the lease; throws when this process no longer holds it. */
  check(): void {
    if (!this.renew()) throw new OwnershipLost('RUN_LEASE_LOST', `this process lost run ${this.runId}: ${this.lost}`);
  }

  release(): void {
    this.stopHeartbeat?.();
    this.stopHeartbeat = undefined;
    if (!this.lost) this.store.releaseLease(this.runId, this.settings.owner.id);
  }
}
