// Small parts on their own: webhook checks, notification retries that give up without blocking,
// the secret scrubber, HTML escaping, and the hub surviving a broken subscriber.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/index.js';
import { deliveryKey, githubSignature, handleWebhook, notificationKind, type ReplayWindow } from '../../src/server/index.js';
import { Notifier } from '../../src/server/notifications.js';
import { SecretSet } from '../../src/server/secrets.js';
import { html } from '../../src/server/html.js';
import { EventHub } from '../../src/server/hub.js';

const SECRET = 'a-webhook-secret';

function github(body: string, headers: Record<string, string>, store = openStore(':memory:', { now: () => '2026-01-01T00:00:00.000Z' }), window?: ReplayWindow) {
  const all: Record<string, string> = { 'x-github-event': 'push', 'x-github-delivery': 'd1', 'x-hub-signature-256': githubSignature(SECRET, body), ...headers };
  return handleWebhook('github', { secret: SECRET, branch: 'main', body, store, headers: (n) => all[n], ...(window ? { window } : {}) });
}

test('webhooks: ping and branch deletions are ignored; a signed body that is not JSON is refused', () => {
  assert.deepEqual(github('{}', { 'x-github-event': 'ping' }), { kind: 'ignored', code: 'PING', reason: 'ping' });
  const deleted = github(JSON.stringify({ ref: 'refs/heads/main', after: '0'.repeat(40) }), {});
  assert.equal(deleted.kind === 'ignored' && deleted.code, 'NO_COMMIT');
  const bad = github('not json', {});
  assert.equal(bad.kind === 'refused' && bad.code, 'BAD_PAYLOAD');
  const sha = 'b'.repeat(40);
  const body = JSON.stringify({ ref: 'refs/heads/main', after: sha });
  assert.deepEqual(github(body, {}), { kind: 'push', branch: 'main', commit: sha, key: deliveryKey('push', 'refs/heads/main', body), deliveryId: 'd1' });
  // The delivery id is not signed: without one (or with a mangled one) the push still counts, unlogged.
  const noId = github(body, { 'x-github-delivery': 'x\ninjected' });
  assert.equal(noId.kind === 'push' && noId.deliveryId, undefined);
});

test('webhooks: replays are caught by the signed body, whatever the delivery id, in a bounded window', () => {
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const store = openStore(':memory:', { now: () => new Date(clock).toISOString() });
  const window: ReplayWindow = { maxAgeMs: 3_600_000, keep: 3 };
  const body = (n: number) => JSON.stringify({ ref: 'refs/heads/main', after: String(n).repeat(40), pushed_at: n });
  assert.equal(github(body(1), { 'x-github-delivery': 'a' }, store, window).kind, 'push');
  const replay = github(body(1), { 'x-github-delivery': 'b-new-id' }, store, window);
  assert.equal(replay.kind === 'refused' && replay.code, 'REPLAYED');
  assert.match(replay.kind === 'refused' ? replay.message : '', /same signed body.*delivery id b-new-id does not make it new/);
  // A different event header makes a different key, but only a push is ever acted on.
  assert.equal(github(body(1), { 'x-github-event': 'release' }, store, window).kind, 'ignored');
  // The window keeps at most 3 keys: after three newer pushes the first is forgotten...
  for (const n of [2, 3, 4]) assert.equal(github(body(n), {}, store, window).kind, 'push');
  assert.equal(github(body(1), {}, store, window).kind, 'push', 'dropped by count (the history check answers it then)');
  // ...and none older than an hour.
  assert.equal(github(body(4), {}, store, window).kind, 'refused');
  clock += 3_600_001;
  assert.equal(github(body(4), {}, store, window).kind, 'push', 'dropped by age');
  store.close();
});

function failedRunStore() {
  const store = openStore(':memory:', { now: () => '2026-01-01T00:00:00.000Z' });
  const configText = 'pipeline: p\nregions: { primary: us-east-1 }\nstacks: [{ name: s, template: t.yaml }]\nnotifications: [{ webhook: "http://127.0.0.1:9/hook", on: [failed] }]\n';
  store.createRun({ id: 'r1', pipeline: 'p', status: 'failed', commit: 'c'.repeat(40), data: { configText } });
  return store;
}

const FAILED = { type: 'run-finished', runId: 'r1', status: 'failed', reason: 'boom' } as const;

test('notifications give up after the policy, back off between tries, and never block the caller', async () => {
  const store = failedRunStore();
  let clock = 1_000_000;
  const waits: number[] = [];
  const logs: string[] = [];
  let calls = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const notifier = new Notifier({
    store,
    publicUrl: () => 'http://dash.example',
    fetch: (async () => {
      calls++;
      await gate;
      throw new Error('connection refused');
    }) as unknown as typeof fetch,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    now: () => clock,
    log: (level, m) => logs.push(`${level} ${m}`),
    retry: { attempts: 3, backoffMs: 100, factor: 3 },
  });
  notifier.onEvent('r1', FAILED);
  notifier.onEvent('r1', FAILED);
  assert.equal(calls, 1, 'the first attempt started, and onEvent returned while it hangs');
  release();
  await notifier.drain();
  assert.equal(calls, 3, 'one message (queued once), three attempts');
  assert.deepEqual(waits, [100, 300]);
  assert.match(logs.at(-1) ?? '', /^error notification to 127\.0\.0\.1:9 given up after 3 attempts/);
  assert.deepEqual(store.listNotifications('r1').map((n) => [n.status, n.attempts]), [['failed', 3]]);
  assert.equal(notificationKind({ type: 'stage-finished', stage: 'drift', outcome: 'drifted' }), 'drift');
  assert.equal(notificationKind({ type: 'stage-finished', stage: 'drift', outcome: 'in-sync' }), undefined);
});

test('a notification still pending when the process stops is sent by the next one', async () => {
  const store = failedRunStore();
  const base = { store, publicUrl: () => 'http://dash.example', now: () => 5_000, log: () => {}, retry: { attempts: 5, backoffMs: 1000, factor: 2 } };
  // First process: the receiver is down; stop() does not wait for the backoff.
  const first = new Notifier({ ...base, fetch: (async () => new Response('', { status: 503 })) as unknown as typeof fetch, sleep: () => new Promise<void>(() => {}) });
  first.onEvent('r1', FAILED);
  await new Promise((r) => setImmediate(r));
  const stopped = first.stop();
  await stopped;
  assert.deepEqual(store.listNotifications('r1').map((n) => [n.status, n.attempts]), [['pending', 1]]);
  // Next process: the receiver is back.
  const bodies: string[] = [];
  const second = new Notifier({ ...base, now: () => 10_000, sleep: async () => {}, fetch: (async (_u: string, init: { body: string }) => (bodies.push(init.body), new Response(null, { status: 204 }))) as unknown as typeof fetch });
  second.kick();
  await second.drain();
  assert.deepEqual(store.listNotifications('r1').map((n) => [n.status, n.attempts]), [['sent', 2]]);
  assert.equal(JSON.parse(bodies[0] ?? '{}').url, 'http://dash.example/runs/r1');
});

test('the scrubber masks every known secret; html escapes what it interpolates', () => {
  const s = new SecretSet();
  s.add('hunter2-long');
  s.add('abc');
  assert.equal(s.scrub('pw=hunter2-long; again hunter2-long'), 'pw=****; again ****');
  assert.equal(s.size, 1, 'too-short values are not treated as secrets');
  assert.equal(html`<p>${'<script>"x"</script>'}</p>`.value, '<p>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</p>');
  assert.equal(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value, '<ul><li>a</li><li>b</li></ul>');
});

test('the hub keeps publishing when a subscriber throws', () => {
  const hub = new EventHub();
  const got: string[] = [];
  hub.subscribe(() => {
    throw new Error('closed stream');
  });
  const off = hub.subscribe((id) => got.push(id));
  hub.publish('r1');
  off();
  hub.publish('r2');
  assert.deepEqual(got, ['r1']);
  assert.equal(hub.size, 1);
});
