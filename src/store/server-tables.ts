// The tables `meridian serve` needs beside the pipeline's: the append-only audit journal, webhook
// delivery keys (replay protection), small server state (trigger positions), user/token admin,
// dashboard sessions (hashed ids) and the notification outbox (so a restart does not lose a message
// still being retried).
import type Database from 'better-sqlite3';
import type { AuditRecord, NotificationRecord, Role, SessionRecord, TokenRecord, UserRecord } from './types.js';
import { statementCache } from './statements.js';

type Row = Record<string, unknown>;

const auditOf = (r: Row): AuditRecord => ({
  seq: r.seq as number,
  time: r.time as string,
  actor: r.actor as string,
  action: r.action as string,
  ...(typeof r.target === 'string' ? { target: r.target } : {}),
  outcome: r.outcome as string,
  data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : {},
});

const notificationOf = (r: Row): NotificationRecord => ({
  id: r.id as number,
  runId: r.run_id as string,
  kind: r.kind as string,
  url: r.url as string,
  body: JSON.parse(r.body as string) as Record<string, unknown>,
  status: r.status as NotificationRecord['status'],
  attempts: r.attempts as number,
  nextAt: r.next_at as number,
  ...(typeof r.last_error === 'string' ? { lastError: r.last_error } : {}),
});

/** Server tables over an open database; spread into the store object. */
export function serverTables(db: Database.Database, now: () => string) {
  const prepare = statementCache(db);
  return {
    /** Appends to the audit journal; returns its sequence number. */
    appendAudit(entry: { actor: string; action: string; target?: string; outcome: string; data?: Record<string, unknown> }): number {
      const sql = 'INSERT INTO audit (time, actor, action, target, outcome, data) VALUES (?, ?, ?, ?, ?, ?)';
      return Number(prepare(sql).run(now(), entry.actor, entry.action, entry.target ?? null, entry.outcome, JSON.stringify(entry.data ?? {})).lastInsertRowid);
    },
    /** Audit entries, newest first. */
    listAudit(filter: { target?: string; limit?: number } = {}): AuditRecord[] {
      const where = filter.target ? 'WHERE target = ?' : '';
      const args: unknown[] = filter.target ? [filter.target] : [];
      return (prepare(`SELECT * FROM audit ${where} ORDER BY seq DESC LIMIT ?`).all(...args, filter.limit ?? 200) as Row[]).map(auditOf);
    },
    /**
     * Records a webhook delivery key; false when it was seen before (a replay). With `window`, keys
     * older than `maxAgeMs` and all but the newest `keep` are dropped first, so the table stays bounded.
     */
    recordDelivery(source: string, deliveryId: string, window?: { maxAgeMs: number; keep: number }): boolean {
      return db.transaction(() => {
        const at = now();
        if (window) {
          prepare('DELETE FROM webhook_deliveries WHERE at < ?').run(new Date(Date.parse(at) - window.maxAgeMs).toISOString());
          prepare('DELETE FROM webhook_deliveries WHERE rowid NOT IN (SELECT rowid FROM webhook_deliveries ORDER BY rowid DESC LIMIT ?)').run(Math.max(0, window.keep - 1));
        }
        return prepare('INSERT OR IGNORE INTO webhook_deliveries (source, delivery_id, at) VALUES (?, ?, ?)').run(source, deliveryId, at).changes === 1;
      })();
    },
    /** Drops a recorded delivery key (a delivery that changed nothing may come again). */
    forgetDelivery(source: string, deliveryId: string): void {
      prepare('DELETE FROM webhook_deliveries WHERE source = ? AND delivery_id = ?').run(source, deliveryId);
    },
    getServerState(key: string): string | undefined {
      return (prepare('SELECT value FROM server_state WHERE key = ?').get(key) as Row | undefined)?.value as string | undefined;
    },
    setServerState(key: string, value: string): void {
      prepare('INSERT OR REPLACE INTO server_state (key, value, at) VALUES (?, ?, ?)').run(key, value, now());
    },
    listUsers(): UserRecord[] {
      const rows = prepare('SELECT * FROM users ORDER BY name').all() as Row[];
      return rows.map((r) => ({ name: r.name as string, ...(typeof r.email === 'string' ? { email: r.email } : {}), role: r.role as Role, createdAt: r.created_at as string }));
    },
    /** Tokens without their hashes: id, owner, dates. */
    listTokens(userName?: string): TokenRecord[] {
      const rows = (userName ? prepare('SELECT * FROM tokens WHERE user_name = ? ORDER BY created_at').all(userName) : prepare('SELECT * FROM tokens ORDER BY created_at').all()) as Row[];
      return rows.map((r) => ({
        id: r.id as string,
        userName: r.user_name as string,
        createdAt: r.created_at as string,
        ...(typeof r.last_used_at === 'string' ? { lastUsedAt: r.last_used_at } : {}),
        ...(typeof r.revoked_at === 'string' ? { revokedAt: r.revoked_at } : {}),
      }));
    },
    /** Queues a notification; false when this run already queued this kind for this URL. */
    enqueueNotification(n: { runId: string; kind: string; url: string; body: Record<string, unknown>; dueAt: number }): boolean {
      const sql = 'INSERT OR IGNORE INTO notifications (run_id, kind, url, body, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)';
      return prepare(sql).run(n.runId, n.kind, n.url, JSON.stringify(n.body), n.dueAt, now()).changes === 1;
    },
    /** Pending notifications due at `at` (ms), oldest first. */
    dueNotifications(at: number, limit = 20): NotificationRecord[] {
      return (prepare("SELECT * FROM notifications WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?").all(at, limit) as Row[]).map(notificationOf);
    },
    /** When the next pending notification is due (ms), if any. */
    nextNotificationAt(): number | undefined {
      const r = prepare("SELECT MIN(next_at) AS at FROM notifications WHERE status = 'pending'").get() as Row;
      return typeof r.at === 'number' ? r.at : undefined;
    },
    updateNotification(id: number, u: { status: NotificationRecord['status']; attempts: number; nextAt: number; lastError?: string }): void {
      prepare('UPDATE notifications SET status = ?, attempts = ?, next_at = ?, last_error = ? WHERE id = ?').run(u.status, u.attempts, u.nextAt, u.lastError ?? null, id);
    },
    listNotifications(runId?: string): NotificationRecord[] {
      const rows = (runId ? prepare('SELECT * FROM notifications WHERE run_id = ? ORDER BY id').all(runId) : prepare('SELECT * FROM notifications ORDER BY id').all()) as Row[];
      return rows.map(notificationOf);
    },
    /** The live (unrevoked) token with this hash. */
    liveToken(hash: string): { id: string; userName: string } | undefined {
      const r = prepare('SELECT id, user_name FROM tokens WHERE hash = ? AND revoked_at IS NULL').get(hash) as Row | undefined;
      return r ? { id: r.id as string, userName: r.user_name as string } : undefined;
    },
    setUserRole(name: string, role: Role): boolean {
      return prepare('UPDATE users SET role = ? WHERE name = ?').run(role, name).changes === 1;
    },
    /** Deletes a user with their tokens and sessions; false when there is no such user. */
    deleteUser(name: string): boolean {
      return db.transaction(() => {
        prepare('DELETE FROM sessions WHERE token_id IN (SELECT id FROM tokens WHERE user_name = ?)').run(name);
        prepare('DELETE FROM tokens WHERE user_name = ?').run(name);
        return prepare('DELETE FROM users WHERE name = ?').run(name).changes === 1;
      })();
    },
    /** Stores a session under the hash of its id (never the id itself). */
    createSession(s: Omit<SessionRecord, 'userName' | 'tokenRevoked'>): void {
      prepare('INSERT INTO sessions (id_hash, token_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(s.idHash, s.tokenId, s.createdAt, s.lastSeenAt, s.expiresAt);
    },
    /** A session with its token's owner and whether the token was revoked since. */
    sessionByHash(idHash: string): SessionRecord | undefined {
      const sql = 'SELECT s.*, t.user_name, t.revoked_at FROM sessions s JOIN tokens t ON t.id = s.token_id WHERE s.id_hash = ?';
      const r = prepare(sql).get(idHash) as Row | undefined;
      if (!r) return undefined;
      return {
        idHash,
        tokenId: r.token_id as string,
        userName: r.user_name as string,
        createdAt: r.created_at as number,
        lastSeenAt: r.last_seen_at as number,
        expiresAt: r.expires_at as number,
        tokenRevoked: r.revoked_at !== null,
      };
    },
    touchSession(idHash: string, at: number): void {
      prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
    },
    deleteSession(idHash: string): void {
      prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },
    /** Drops sessions past their expiry, idle since `idleBefore`, or whose token was revoked. */
    pruneSessions(at: number, idleBefore: number): void {
      const sql = 'DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ? OR token_id IN (SELECT id FROM tokens WHERE revoked_at IS NOT NULL)';
      prepare(sql).run(at, idleBefore);
    },
    /** Revokes a token; false when there is no such live token. */
    revokeToken(id: string): boolean {
      return prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id).changes === 1;
    },
  };
}
