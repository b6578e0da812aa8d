// Push webhooks from GitHub (HMAC-SHA256 of the body in X-Hub-Signature-256) and GitLab (the shared
// secret in X-Gitlab-Token). With no secret configured every webhook is refused. Replay protection is
// keyed on what is signed: a digest of the event, the ref and the raw body, kept in the store for a
// bounded window. Delivery id headers are not signed, so they are only logged. Whether the pushed
// commit may run is push-policy.ts's call.
import { createHash, createHmac } from 'node:crypto';
import type { Store } from '../store/index.js';
import { safeEqual } from './auth.js';

export type WebhookSource = 'github' | 'gitlab';

export type WebhookOutcome =
  | { kind: 'refused'; status: 401 | 403 | 400 | 409; code: string; message: string }
  | { kind: 'ignored'; code: string; reason: string }
  /** `key`: the replay key recorded for this delivery; `deliveryId`: the unsigned header, for logs. */
  | { kind: 'push'; branch: string; commit: string; key: string; deliveryId?: string };

/** How many signed deliveries are remembered, and for how long (the store drops older ones). */
export interface ReplayWindow {
  maxAgeMs: number;
  keep: number;
}

// A week and ten thousand pushes: a replay older than that is still answered by the history check.
export const DEFAULT_REPLAY_WINDOW: ReplayWindow = { maxAgeMs: 7 * 24 * 3_600_000, keep: 10_000 };

/** The `sha256=<hex>` signature GitHub sends for `body`. */
export const githubSignature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** The replay key of a delivery: bound to the signed body, not to any header an attacker may choose. */
export const deliveryKey = (event: string, ref: string, body: string): string =>
  `sha256:${createHash('sha256').update(`${event}\0${ref}\0`).update(body, 'utf8').digest('hex')}`;

const refused = (status: 401 | 403 | 400 | 409, code: string, message: string): WebhookOutcome => ({ kind: 'refused', status, code, message });

function verify(source: WebhookSource, secret: string, headers: (name: string) => string | undefined, body: string): WebhookOutcome | undefined {
  if (source === 'github') {
    const sig = headers('x-hub-signature-256');
    if (!sig) return refused(401, 'SIGNATURE_MISSING', 'X-Hub-Signature-256 is missing');
    if (!safeEqual(sig, githubSignature(secret, body))) return refused(401, 'SIGNATURE_INVALID', 'the signature does not match the body');
    return undefined;
  }
  const token = headers('x-gitlab-token');
  if (!token) return refused(401, 'TOKEN_MISSING', 'X-Gitlab-Token is missing');
  if (!safeEqual(token, secret)) return refused(401, 'TOKEN_INVALID', 'the token does not match');
  return undefined;
}

function deliveryIdOf(source: WebhookSource, headers: (name: string) => string | undefined): string | undefined {
  const id = source === 'github' ? headers('x-github-delivery') : (headers('x-gitlab-event-uuid') ?? headers('idempotency-key'));
  // Unsigned and headed for the log: keep only what a real id looks like.
  return id && /^[A-Za-z0-9._-]{1,80}$/.test(id) ? id : undefined;
}

function eventOf(source: WebhookSource, headers: (name: string) => string | undefined): string {
  return (source === 'github' ? headers('x-github-event') : headers('x-gitlab-event')) ?? '';
}

/** Checks one webhook delivery, records its replay key, and says what it asks for. */
export function handleWebhook(
  source: WebhookSource,
  input: { secret: string | undefined; branch: string; headers: (name: string) => string | undefined; body: string; store: Store; window?: ReplayWindow },
): WebhookOutcome {
  if (!input.secret) return refused(403, 'WEBHOOKS_DISABLED', 'no webhook secret is configured (server.webhookSecret), so webhooks are refused');
  const bad = verify(source, input.secret, input.headers, input.body);
  if (bad) return bad;
  const event = eventOf(source, input.headers);
  if (event === 'ping') return { kind: 'ignored', code: 'PING', reason: 'ping' };
  if (event !== 'push' && event !== 'Push Hook') return { kind: 'ignored', code: 'NOT_A_PUSH', reason: `event ${event || '(none)'} is not a push` };
  let payload: { ref?: unknown; after?: unknown; checkout_sha?: unknown };
  try {
    payload = JSON.parse(input.body) as typeof payload;
  } catch {
    return refused(400, 'BAD_PAYLOAD', 'the body is not JSON');
  }
  const ref = typeof payload.ref === 'string' ? payload.ref : '';
  const branch = ref.replace(/^refs\/heads\//, '');
  if (branch !== input.branch) return { kind: 'ignored', code: 'OTHER_BRANCH', reason: `push to ${ref || '(no ref)'}, not refs/heads/${input.branch}` };
  const commit = typeof payload.after === 'string' ? payload.after : typeof payload.checkout_sha === 'string' ? payload.checkout_sha : '';
  if (!/^[0-9a-f]{40}$/.test(commit) || /^0+$/.test(commit)) return { kind: 'ignored', code: 'NO_COMMIT', reason: 'the push deletes the branch or names no commit' };
  // Recorded only after the signature checks out, so forged requests cannot fill the window.
  const key = deliveryKey(event, ref, input.body);
  const deliveryId = deliveryIdOf(source, input.headers);
  if (!input.store.recordDelivery(source, key, input.window ?? DEFAULT_REPLAY_WINDOW)) {
    return refused(409, 'REPLAYED', `this push (${ref} at ${commit.slice(0, 12)}, same signed body) was received before${deliveryId ? `; delivery id ${deliveryId} does not make it new` : ''}`);
  }
  return { kind: 'push', branch, commit, key, ...(deliveryId ? { deliveryId } : {}) };
}
