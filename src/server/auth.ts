// Who is asking: API tokens (random, shown once, stored as SHA-256 hashes) and roles. Browser
// sessions, opened with a token, are in sessions.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role, Store, UserRecord } from '../store/index.js';

export const ROLES: readonly Role[] = ['viewer', 'approver', 'admin'];
const RANK: Record<Role, number> = { viewer: 0, approver: 1, admin: 2 };

/** True when `role` has at least the rights of `needed`. */
export const hasRole = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

export type RandomBytes = (n: number) => Buffer;

const TOKEN_PREFIX = 'mrd_';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Constant-time string equality (lengths are compared through fixed-size digests). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** A user-facing refusal with an HTTP status and a stable code. */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 409 | 400,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** Issues a new token for `userName`; the caller shows it once, the store keeps its hash. */
export function issueToken(store: Store, userName: string, random: RandomBytes): { id: string; token: string } {
  const token = TOKEN_PREFIX + random(32).toString('base64url');
  const id = `tok-${random(6).toString('hex')}`;
  store.addToken(id, userName, hashToken(token));
  return { id, token };
}

/** Adds a user with a first token (what `meridian users add` and `POST /api/users` do). */
export function addUserWithToken(store: Store, user: { name: string; email?: string; role: Role }, random: RandomBytes): { user: UserRecord; tokenId: string; token: string } {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(user.name)) throw new AuthError(400, 'BAD_USER_NAME', 'a user name is 1-64 letters, digits, dots, @, _ or -');
  if (!ROLES.includes(user.role)) throw new AuthError(400, 'BAD_ROLE', `role must be one of ${ROLES.join(', ')}`);
  if (store.getUser(user.name)) throw new AuthError(409, 'USER_EXISTS', `user ${user.name} exists already`);
  return store.transaction(() => {
    const created = store.addUser(user);
    const { id, token } = issueToken(store, user.name, random);
    return { user: created, tokenId: id, token };
  });
}

/** The live token and its user (what a sign-in opens a session for), or undefined. */
export function tokenForSecret(store: Store, token: string): { tokenId: string; user: UserRecord } | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const live = store.liveToken(hashToken(token));
  const user = live ? store.userByTokenHash(hashToken(token)) : undefined;
  return live && user ? { tokenId: live.id, user } : undefined;
}

/** The user a token belongs to, or undefined (unknown or revoked). */
export function userForToken(store: Store, token: string): UserRecord | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  return store.userByTokenHash(hashToken(token));
}

/** The identity the pipeline's approver checks see: the email when known, else the name. */
export const identityOf = (user: UserRecord): string => user.email ?? user.name;
