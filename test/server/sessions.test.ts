// Dashboard sessions follow their token, over HTTP on a real server and SQLite store: revoking the
// token, deleting the user or changing the role ends or downgrades a signed-in browser on its next
// request; idle and absolute expiry on the server's clock; only the SHA-256 of the cookie is stored.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { runNow, serverFixture, signIn, type ServerFixture } from './server-fixture.js';

const HOUR = 3_600_000;
let sf: ServerFixture;
let runId: string;

before(async () => {
  sf = await serverFixture({ sessions: { idleMs: 2 * HOUR, absoluteMs: 12 * HOUR } });
  runId = await runNow(sf);
});
after(() => sf.stop());

const me = async (cookie: string) => {
  const res = await sf.request('/api/me', { cookie });
  return { status: res.status, body: res.status === 200 ? res.json() : (res.json().error as Record<string, unknown>) };
};
const tokenIdOf = async (user: string) => {
  const { tokens } = (await sf.request('/api/users', { token: sf.tokens.admin })).json() as { tokens: { id: string; userName: string; revokedAt?: string }[] };
  const live = tokens.filter((t) => t.userName === user && !t.revokedAt);
  assert.equal(live.length, 1, `${user} has one live token`);
  return live[0]?.id ?? '';
};

test('the store keeps the SHA-256 of the session id, never the cookie value', async () => {
  const { cookie, value } = await signIn(sf, sf.tokens.viewer);
  assert.equal((await me(cookie)).body.name, 'vic');
  assert.ok(value.length >= 40, 'a 256-bit random id');
  const db = new Database(sf.fx.stateFile, { readonly: true });
  const rows = db.prepare('SELECT id_hash, token_id FROM sessions').all() as { id_hash: string; token_id: string }[];
  db.close();
  const mine = rows.find((r) => r.id_hash === createHash('sha256').update(value).digest('hex'));
  assert.equal(mine?.token_id, await tokenIdOf('vic'));
  assert.ok(!rows.some((r) => r.id_hash === value));
  for (const file of [sf.fx.stateFile, `${sf.fx.stateFile}-wal`].filter((f) => existsSync(f))) {
    assert.ok(!readFileSync(file).includes(value), `${file} does not hold the cookie value`);
  }
});

test("revoking a session's token ends it: 401 on /api/me, and it cannot approve", async () => {
  const { cookie, csrf } = await signIn(sf, sf.tokens.alice);
  assert.equal((await me(cookie)).body.role, 'approver');
  const tokenId = await tokenIdOf('alice');
  assert.equal((await sf.request(`/api/tokens/${tokenId}`, { token: sf.tokens.admin, method: 'DELETE' })).status, 200);
  assert.deepEqual(await me(cookie), { status: 401, body: { code: 'UNAUTHENTICATED', message: 'a valid token is needed (Authorization: Bearer ...)' } });
  const approve = await sf.request(`/api/runs/${runId}/approve`, { cookie, headers: { 'x-csrf-token': csrf }, body: { comment: 'after revocation' } });
  assert.equal(approve.status, 401);
  const form = await sf.request(`/runs/${runId}/decide`, { cookie, form: { decision: 'approve', _csrf: csrf }, headers: { accept: 'text/html' } });
  assert.equal(form.status, 302);
  assert.equal(form.headers.get('location'), '/login');
  assert.match(form.headers.get('set-cookie') ?? '', /meridian_session=;/, 'the browser is told to forget the cookie');
  assert.equal(sf.fx.store.getApproval(runId), undefined);
  assert.equal(sf.fx.store.getRun(runId)?.status, 'awaiting-approval');
});

test("changing the role downgrades a signed-in session at its next request; deleting the user ends it", async () => {
  const issued = (await sf.request('/api/users/alice/tokens', { token: sf.tokens.admin, method: 'POST' })).json();
  const { cookie, csrf } = await signIn(sf, String(issued.token));
  assert.equal((await me(cookie)).body.role, 'approver');
  const patched = await sf.request('/api/users/alice', { token: sf.tokens.admin, method: 'PATCH', body: { role: 'viewer' } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal((await me(cookie)).body.role, 'viewer');
  const approve = await sf.request(`/api/runs/${runId}/approve`, { cookie, headers: { 'x-csrf-token': csrf }, body: {} });
  assert.equal(approve.status, 403);
  assert.equal((approve.json().error as { code: string }).code, 'FORBIDDEN_ROLE');
  assert.ok(sf.fx.store.listAudit({ target: 'alice' }).some((a) => a.action === 'user-role' && a.data.from === 'approver' && a.data.to === 'viewer'));
  assert.equal((await sf.request('/api/users/root', { token: sf.tokens.admin, method: 'DELETE' })).status, 409, 'an admin cannot delete themselves');
  assert.equal((await sf.request('/api/users/alice', { token: sf.tokens.admin, method: 'DELETE' })).status, 200);
  assert.equal((await me(cookie)).status, 401);
  assert.equal((await sf.request('/api/me', { token: String(issued.token) })).status, 401, 'and the token went with the user');
  assert.equal(sf.fx.store.getApproval(runId), undefined);
});

test('a session unused for the idle limit is refused; use keeps it alive', async () => {
  const { cookie } = await signIn(sf, sf.tokens.viewer);
  sf.clock.offsetMs += 2 * HOUR - 1000;
  assert.equal((await me(cookie)).status, 200, 'just inside the idle limit');
  sf.clock.offsetMs += 2 * HOUR - 1000;
  assert.equal((await me(cookie)).status, 200, 'the last request restarted the idle clock');
  sf.clock.offsetMs += 2 * HOUR;
  assert.equal((await me(cookie)).status, 401, 'idle for two hours');
  assert.equal((await me(cookie)).status, 401, 'and it stays ended');
});

test('a session in use ends at the absolute limit', async () => {
  const { cookie } = await signIn(sf, sf.tokens.viewer);
  for (let hours = 1.5; hours < 12; hours += 1.5) {
    sf.clock.offsetMs += 1.5 * HOUR;
    assert.equal((await me(cookie)).status, 200, `${hours} h after sign-in`);
  }
  sf.clock.offsetMs += 1.5 * HOUR;
  assert.equal((await me(cookie)).status, 401, '12 h after sign-in');
});
