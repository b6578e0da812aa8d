// The SQLite store (better-sqlite3, WAL): runs, steps, the append-only event journal, approvals,
// artifacts, last approved artifacts, locks, users and tokens. Synchronous by design: each call is
// one short transaction, so a killed process leaves the file consistent.
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { serverTables } from './server-tables.js';
import { runLeases } from './run-leases.js';
import type { ApprovalRecord, ApprovalVia, EventRecord, LastApprovedRecord, Role, RunRecord, RunStatus, StepRecord, UserRecord } from './types.js';
import { statementCache } from './statements.js';

type Row = Record<string, unknown>;
const json = (v: unknown) => JSON.stringify(v ?? {});
const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : {});
const opt = <K extends string>(key: K, v: unknown): Partial<Record<K, string>> => (typeof v === 'string' ? ({ [key]: v } as Record<K, string>) : {});

export interface StoreOptions {
  /** ISO timestamp source; injected so tests control time. */
  now: () => string;
}

function runOf(r: Row): RunRecord {
  return {
    id: r.id as string,
    pipeline: r.pipeline as string,
    status: r.status as RunStatus,
    commit: r.commit_sha as string,
    ...opt('branch', r.branch),
    ...opt('authorName', r.author_name),
    ...opt('authorEmail', r.author_email),
    ...opt('message', r.message),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    ...opt('finishedAt', r.finished_at),
    data: parse(r.data),
  };
}

function stepOf(r: Row): StepRecord {
  return {
    runId: r.run_id as string,
    key: r.key as string,
    stage: r.stage as string,
    ...opt('region', r.region),
    ...opt('stack', r.stack),
    status: r.status as StepRecord['status'],
    attempt: r.attempt as number,
    ...opt('startedAt', r.started_at),
    ...opt('finishedAt', r.finished_at),
    data: parse(r.data),
  };
}

/** Opens (creating and migrating as needed) the store at `path` (':memory:' for a throwaway one). */
export function openStore(path: string, options: StoreOptions) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Under WAL, NORMAL keeps every committed step across a killed process (only a power loss may drop
  // the last transactions) and avoids an fsync per journal event.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const now = options.now;
  const prepare = statementCache(db);

  return {
    ...serverTables(db, now),
    ...runLeases(db, now),
    close: () => db.close(),
    /** Runs `fn` in one transaction. */
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),

    createRun(run: Omit<RunRecord, 'createdAt' | 'updatedAt' | 'data'> & { data?: Record<string, unknown> }): RunRecord {
      const at = now();
      prepare(
        `INSERT INTO runs (id, pipeline, status, commit_sha, branch, author_name, author_email, message, created_at, updated_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(run.id, run.pipeline, run.status, run.commit, run.branch ?? null, run.authorName ?? null, run.authorEmail ?? null, run.message ?? null, at, at, json(run.data));
      return this.getRun(run.id) as RunRecord;
    },
    getRun(id: string): RunRecord | undefined {
      const row = prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
      return row ? runOf(row) : undefined;
    },
    listRuns(filter: { pipeline?: string; status?: RunStatus[]; limit?: number } = {}): RunRecord[] {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.pipeline) {
        where.push('pipeline = ?');
        args.push(filter.pipeline);
      }
      if (filter.status?.length) {
        where.push(`status IN (${filter.status.map(() => '?').join(',')})`);
        args.push(...filter.status);
      }
      const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
      return (prepare(sql).all(...args, filter.limit ?? 100) as Row[]).map(runOf);
    },
    setRunStatus(id: string, status: RunStatus, finished = false): void {
      const at = now();
      prepare('UPDATE runs SET status = ?, updated_at = ?, finished_at = COALESCE(finished_at, ?) WHERE id = ?').run(status, at, finished ? at : null, id);
    },
    mergeRunData(id: string, data: Record<string, unknown>): void {
      const run = this.getRun(id);
      if (!run) throw new Error(`no run ${id}`);
      prepare('UPDATE runs SET data = ?, updated_at = ? WHERE id = ?').run(json({ ...run.data, ...data }), now(), id);
    },

    getStep(runId: string, key: string): StepRecord | undefined {
      const row = prepare('SELECT * FROM steps WHERE run_id = ? AND key = ?').get(runId, key) as Row | undefined;
      return row ? stepOf(row) : undefined;
    },
    listSteps(runId: string): StepRecord[] {
      return (prepare('SELECT * FROM steps WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(stepOf);
    },
    /** Creates or updates a step; `data` is merged into what the step already holds. */
    putStep(step: Pick<StepRecord, 'runId' | 'key' | 'stage' | 'status'> & Partial<Omit<StepRecord, 'runId' | 'key' | 'stage' | 'status'>>): StepRecord {
      const existing = this.getStep(step.runId, step.key);
      const at = now();
      const merged = { ...(existing?.data ?? {}), ...(step.data ?? {}) };
      const startedAt = existing?.startedAt ?? (step.status === 'running' ? at : null);
      const finishedAt = ['succeeded', 'failed', 'skipped', 'warned'].includes(step.status) ? at : null;
      prepare(
        `INSERT INTO steps (run_id, key, stage, region, stack, status, attempt, started_at, finished_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, key) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
           started_at = excluded.started_at, finished_at = excluded.finished_at, data = excluded.data`,
      ).run(step.runId, step.key, step.stage, step.region ?? null, step.stack ?? null, step.status, step.attempt ?? existing?.attempt ?? 0, startedAt, finishedAt, json(merged));
      return this.getStep(step.runId, step.key) as StepRecord;
    },

    /** Appends to the journal; returns the event's sequence number. */
    appendEvent(runId: string, type: string, data: Record<string, unknown> = {}): number {
      return Number(prepare('INSERT INTO events (run_id, time, type, data) VALUES (?, ?, ?, ?)').run(runId, now(), type, json(data)).lastInsertRowid);
    },
    events(runId: string, afterSeq = 0): EventRecord[] {
      const rows = prepare('SELECT * FROM events WHERE run_id = ? AND seq > ? ORDER BY seq').all(runId, afterSeq) as Row[];
      return rows.map((r) => ({ seq: r.seq as number, runId: r.run_id as string, time: r.time as string, type: r.type as string, data: parse(r.data) }));
    },

    recordApproval(a: ApprovalRecord): void {
      prepare('INSERT INTO approvals (run_id, decision, by, at, comment, via) VALUES (?, ?, ?, ?, ?, ?)').run(a.runId, a.decision, a.by, a.at, a.comment ?? null, a.via ?? null);
    },
    getApproval(runId: string): ApprovalRecord | undefined {
      const r = prepare('SELECT * FROM approvals WHERE run_id = ?').get(runId) as Row | undefined;
      if (!r) return undefined;
      return { runId, decision: r.decision as ApprovalRecord['decision'], by: r.by as string, at: r.at as string, ...opt('comment', r.comment), ...(typeof r.via === 'string' ? { via: r.via as ApprovalVia } : {}) };
    },

    putArtifact(runId: string, stack: string, region: string, account: string, data: Record<string, unknown>): void {
      prepare('INSERT OR REPLACE INTO artifacts (run_id, stack, region, account, data) VALUES (?, ?, ?, ?, ?)').run(runId, stack, region, account, json(data));
    },
    artifacts(runId: string): { stack: string; region: string; account: string; data: Record<string, unknown> }[] {
      const rows = prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY rowid').all(runId) as Row[];
      return rows.map((r) => ({ stack: r.stack as string, region: r.region as string, account: r.account as string, data: parse(r.data) }));
    },

    setLastApproved(rec: Omit<LastApprovedRecord, 'at'>): void {
      prepare('INSERT OR REPLACE INTO last_approved (pipeline, stack, region, account, run_id, at, data) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        rec.pipeline, rec.stack, rec.region, rec.account, rec.runId, now(), json(rec.data),
      );
    },
    getLastApproved(pipeline: string, stack: string, region: string, account = ''): LastApprovedRecord | undefined {
      const r = prepare('SELECT * FROM last_approved WHERE pipeline = ? AND stack = ? AND region = ? AND account = ?').get(pipeline, stack, region, account) as Row | undefined;
      return r ? { pipeline, stack, region, account, runId: r.run_id as string, at: r.at as string, data: parse(r.data) } : undefined;
    },

    /** Takes the named lock for `owner` in one statement; false if another owner holds it. Re-taking one's own lock succeeds. */
    acquireLock(name: string, owner: string): boolean {
      prepare('INSERT INTO locks (name, owner, at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(name, owner, now());
      return this.lockOwner(name) === owner;
    },
    lockOwner(name: string): string | undefined {
      return (prepare('SELECT owner FROM locks WHERE name = ?').get(name) as Row | undefined)?.owner as string | undefined;
    },
    releaseLock(name: string, owner: string): void {
      prepare('DELETE FROM locks WHERE name = ? AND owner = ?').run(name, owner);
    },

    addUser(user: { name: string; email?: string; role: Role }): UserRecord {
      prepare('INSERT INTO users (name, email, role, created_at) VALUES (?, ?, ?, ?)').run(user.name, user.email ?? null, user.role, now());
      return this.getUser(user.name) as UserRecord;
    },
    getUser(name: string): UserRecord | undefined {
      const r = prepare('SELECT * FROM users WHERE name = ?').get(name) as Row | undefined;
      return r ? { name: r.name as string, ...opt('email', r.email), role: r.role as Role, createdAt: r.created_at as string } : undefined;
    },
    /** Stores a token's hash (never the token itself). */
    addToken(id: string, userName: string, hash: string): void {
      prepare('INSERT INTO tokens (id, user_name, hash, created_at) VALUES (?, ?, ?, ?)').run(id, userName, hash, now());
    },
    userByTokenHash(hash: string): UserRecord | undefined {
      const r = prepare('SELECT user_name FROM tokens WHERE hash = ? AND revoked_at IS NULL').get(hash) as Row | undefined;
      if (!r) return undefined;
      prepare('UPDATE tokens SET last_used_at = ? WHERE hash = ?').run(now(), hash);
      return this.getUser(r.user_name as string);
    },
  };
}

export type Store = ReturnType<typeof openStore>;

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => r.version as number));
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
    })();
  }
}
