// One owner per run: a lease row (owner id, host, pid, heartbeat, expiry) taken in one statement
// inside BEGIN IMMEDIATE, so two processes can never both believe they hold it. A holder renews it
// while it steps the run; a lease that expired, or whose process is gone from this host, is taken
// over. Cancel requests sit beside it: the holder sees one at its next step.
import type Database from 'better-sqlite3';
import { statementCache } from './statements.js';

type Row = Record<string, unknown>;

export interface LeaseOwner {
  id: string;
  host: string;
  pid: number;
}

export interface LeaseRecord extends LeaseOwner {
  runId: string;
  acquiredAt: number;
  heartbeatAt: number;
  expiresAt: number;
}

export type LeaseResult = { ok: true; lease: LeaseRecord; tookOver?: LeaseRecord } | { ok: false; holder: LeaseRecord };

export interface CancelRequest {
  runId: string;
  by: string;
  at: string;
  comment?: string;
}

const leaseOf = (r: Row): LeaseRecord => ({
  runId: r.run_id as string,
  id: r.owner as string,
  host: r.host as string,
  pid: r.pid as number,
  acquiredAt: r.acquired_at as number,
  heartbeatAt: r.heartbeat_at as number,
  expiresAt: r.expires_at as number,
});

export function runLeases(db: Database.Database, now: () => string) {
  const prepare = statementCache(db);
  const get = prepare('SELECT * FROM run_leases WHERE run_id = ?');
  const upsert = prepare(
    `INSERT INTO run_leases (run_id, owner, host, pid, acquired_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid,
       acquired_at = CASE WHEN run_leases.owner = excluded.owner THEN run_leases.acquired_at ELSE excluded.acquired_at END,
       heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
     WHERE run_leases.owner = excluded.owner OR run_leases.expires_at <= excluded.heartbeat_at OR ?`,
  );
  const acquire = db.transaction((runId: string, owner: LeaseOwner, nowMs: number, ttlMs: number, deadHolder: boolean): LeaseResult => {
    const before = get.get(runId) as Row | undefined;
    const changed = upsert.run(runId, owner.id, owner.host, owner.pid, nowMs, nowMs, nowMs + ttlMs, deadHolder ? 1 : 0).changes === 1;
    const after = leaseOf(get.get(runId) as Row);
    if (!changed || after.id !== owner.id) return { ok: false, holder: after };
    const previous = before ? leaseOf(before) : undefined;
    return { ok: true, lease: after, ...(previous && previous.id !== owner.id ? { tookOver: previous } : {}) };
  });

  return {
    /**
     * Takes or renews the lease of `runId` for `owner`. `isGone` says whether a holder's process is
     * known to be dead (same host, no such pid): such a lease is taken over before it expires.
     */
    acquireLease(runId: string, owner: LeaseOwner, nowMs: number, ttlMs: number, isGone: (holder: LeaseOwner) => boolean = () => false): LeaseResult {
      const current = get.get(runId) as Row | undefined;
      const dead = current !== undefined && current.owner !== owner.id && isGone(leaseOf(current));
      return acquire.immediate(runId, owner, nowMs, ttlMs, dead);
    },
    /** Extends the lease; false when `ownerId` no longer holds it. */
    renewLease(runId: string, ownerId: string, nowMs: number, ttlMs: number): boolean {
      return prepare('UPDATE run_leases SET heartbeat_at = ?, expires_at = ? WHERE run_id = ? AND owner = ?').run(nowMs, nowMs + ttlMs, runId, ownerId).changes === 1;
    },
    leaseOf(runId: string): LeaseRecord | undefined {
      const r = get.get(runId) as Row | undefined;
      return r ? leaseOf(r) : undefined;
    },
    releaseLease(runId: string, ownerId: string): void {
      prepare('DELETE FROM run_leases WHERE run_id = ? AND owner = ?').run(runId, ownerId);
    },
    requestCancel(req: Omit<CancelRequest, 'at'>): CancelRequest {
      const at = now();
      prepare('INSERT OR IGNORE INTO run_cancels (run_id, by, at, comment) VALUES (?, ?, ?, ?)').run(req.runId, req.by, at, req.comment ?? null);
      return this.cancelRequest(req.runId) as CancelRequest;
    },
    cancelRequest(runId: string): CancelRequest | undefined {
      const r = prepare('SELECT * FROM run_cancels WHERE run_id = ?').get(runId) as Row | undefined;
      return r ? { runId, by: r.by as string, at: r.at as string, ...(typeof r.comment === 'string' ? { comment: r.comment } : {}) } : undefined;
    },
  };
}
