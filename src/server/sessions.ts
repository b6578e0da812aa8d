// Dashboard sessions that follow their token. The cookie carries a random id; the store keeps only
// its SHA-256, with the token the session was opened with. Every request re-reads the session, its
// token and its user, so revoking the token or deleting the user ends the session at once, and a
// role change applies to the very next request. Sessions end after a spell of idleness and at an
// absolute limit, both on the injected clock.
import { createHash } from 'node:crypto';
import type { Store, UserRecord } from '../store/index.js';
import type { RandomBytes } from './auth.js';

export interface Session {
  /** The SHA-256 of the cookie value: what the store keys on. */
  idHash: string;
  tokenId: string;
  userName: string;
  /** Derived from the cookie value, so it needs no storing and dies with the session. */
  csrf: string;
  expiresAt: number;
}

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 3_600_000, absoluteMs: 12 * 3_600_000 };

const sha256 = (text: string, encoding: 'hex' | 'base64url') => createHash('sha256').update(text).digest(encoding);
/** The stored form of a session id. */
export const hashSessionId = (id: string): string => sha256(id, 'hex');
// Domain-separated from the stored hash, so the store holds nothing a page shows.
const csrfOf = (id: string): string => sha256(`meridian-csrf\0${id}`, 'base64url');

export class Sessions {
  readonly policy: SessionPolicy;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly random: RandomBytes,
    policy: Partial<SessionPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_SESSION_POLICY, ...policy };
  }

  /** Opens a session for a live token; `cookie` goes to the browser and nowhere else. */
  create(tokenId: string, userName: string): { cookie: string; session: Session } {
    const at = this.now();
    // Sign-ins are when the table grows, so that is when it is swept.
    this.store.pruneSessions(at, at - this.policy.idleMs);
    const cookie = this.random(32).toString('base64url');
    const idHash = hashSessionId(cookie);
    const expiresAt = at + this.policy.absoluteMs;
    this.store.createSession({ idHash, tokenId, createdAt: at, lastSeenAt: at, expiresAt });
    return { cookie, session: { idHash, tokenId, userName, csrf: csrfOf(cookie), expiresAt } };
  }

  /** The session and its user as they stand now; undefined when unknown, expired, idle, revoked or the user is gone. */
  resolve(cookie: string | undefined): { session: Session; user: UserRecord } | undefined {
    if (!cookie) return undefined;
    const idHash = hashSessionId(cookie);
    const rec = this.store.sessionByHash(idHash);
    if (!rec) return undefined;
    const at = this.now();
    const user = this.store.getUser(rec.userName);
    if (rec.tokenRevoked || !user || at >= rec.expiresAt || at - rec.lastSeenAt >= this.policy.idleMs) {
      this.store.deleteSession(idHash);
      return undefined;
    }
    this.store.touchSession(idHash, at);
    return { session: { idHash, tokenId: rec.tokenId, userName: user.name, csrf: csrfOf(cookie), expiresAt: rec.expiresAt }, user };
  }

  /** Ends a session (sign-out). */
  end(session: Session): void {
    this.store.deleteSession(session.idHash);
  }
}
