// Push webhooks from GitHub (HMAC-SHA256 of the body in X-Hub-Signature-256) and GitLab (the shared
// secret in X-Gitlab-Token). With no secret configured every webhook is refused. A delivery id may be
// used once (replay protection); pushes to other branches are acknowledged and ignored.
import { createHmac } from 'node:crypto';
import type { Store } from '../store/index.js';
import { safeEqual } from './auth.js';

export type WebhookSource = 'github' | 'gitlab';

export type WebhookOutcome =
  | { kind: 'refused'; status: 401 | 403 | 400 | 409; code: string; message: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'push'; branch: string; commit: string; deliveryId: string };

/** The `sha256=<hex>` signature GitHub sends for `body`. */
export const githubSignature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

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
  return source === 'github' ? headers('x-github-delivery') : (headers('x-gitlab-event-uuid') ?? headers('idempotency-key'));
}

function eventOf(source: WebhookSource, headers: (name: string) => string | undefined): string {
  return (source === 'github' ? headers('x-github-event') : headers('x-gitlab-event')) ?? '';
}

/** Checks one webhook delivery and says what it asks for. */
export function handleWebhook(
  source: WebhookSource,
  input: { secret: string | undefined; branch: string; headers: (name: string) => string | undefined; body: string; store: Store },
): WebhookOutcome {
  if (!input.secret) return refused(403, 'WEBHOOKS_DISABLED', 'no webhook secret is configured (server.webhookSecret), so webhooks are refused');
  const bad = verify(source, input.secret, input.headers, input.body);
  if (bad) return bad;
  const deliveryId = deliveryIdOf(source, input.headers);
  if (!deliveryId) return refused(400, 'DELIVERY_ID_MISSING', 'the delivery id header is missing');
  // Recorded only after the signature checks out, so forged requests cannot burn real ids.
  if (!input.store.recordDelivery(source, deliveryId)) return refused(409, 'REPLAYED', `delivery ${deliveryId} was received before`);
  const event = eventOf(source, input.headers);
  if (event === 'ping') return { kind: 'ignored', reason: 'ping' };
  if (event !== 'push' && event !== 'Push Hook') return { kind: 'ignored', reason: `event ${event || '(none)'} is not a push` };
  let payload: { ref?: unknown; after?: unknown; checkout_sha?: unknown };
  try {
    payload = JSON.parse(input.body) as typeof payload;
  } catch {
    return refused(400, 'BAD_PAYLOAD', 'the body is not JSON');
  }
  const ref = typeof payload.ref === 'string' ? payload.ref : '';
  const branch = ref.replace(/^refs\/heads\//, '');
  if (branch !== input.branch) return { kind: 'ignored', reason: `push to ${ref || '(no ref)'}, not refs/heads/${input.branch}` };
  const commit = typeof payload.after === 'string' ? payload.after : typeof payload.checkout_sha === 'string' ? payload.checkout_sha : '';
  if (!/^[0-9a-f]{40}$/.test(commit) || /^0+$/.test(commit)) return { kind: 'ignored', reason: 'the push deletes the branch or names no commit' };
  return { kind: 'push', branch, commit, deliveryId };
}
