// The server's API end to end on localcloud: tokens (401), roles (403), the pipeline's approver
// checks (self-approval), CSRF on session writes, approval through the API with live SSE, webhooks
// (forged, replayed, wrong branch, no secret), notifications, and no secret in any response or log.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { githubSignature } from '../../src/server/index.js';
import { DB_PASSWORD, runNow, serverFixture, WEBHOOK_SECRET, type ServerFixture } from './server-fixture.js';

let sf: ServerFixture;
let runId: string;

before(async () => {
  sf = await serverFixture();
  runId = await runNow(sf);
});
after(() => sf.stop());

test('the first run waits for approval and shows previews per region', async () => {
  const res = await sf.request(`/api/runs/${runId}`, { token: sf.tokens.viewer });
  assert.equal(res.status, 200);
  const run = res.json();
  assert.equal(run.status, 'awaiting-approval', String(run.reason));
  const previews = run.previews as { region: string; stack: string; kind: string }[];
  assert.deepEqual([...new Set(previews.map((p) => p.region))].sort(), ['eu-west-1', 'us-east-1', 'us-west-2']);
  assert.ok(previews.some((p) => p.stack === 'shop-app' && p.kind === 'changes'));
  assert.ok((run.previews as { iam?: unknown }[]).some((p) => p.iam), 'the IAM changes of shop-app are in the preview');
  const graph = run.graph as { cells: Record<string, Record<string, string>> };
  assert.equal(graph.cells.approval?.['all regions'], 'waiting');
  assert.deepEqual((run.waiting as { approvers: string[] }).approvers, []);
});

test('a missing, malformed or unknown token is 401', async () => {
  assert.equal((await sf.request('/api/runs')).status, 401);
  assert.equal((await sf.request('/api/runs', { headers: { authorization: 'Basic abc' } })).status, 401);
  const bad = await sf.request('/api/runs', { token: 'mrd_not-a-real-token' });
  assert.equal(bad.status, 401);
  assert.equal((bad.json().error as { code: string }).code, 'INVALID_TOKEN');
  assert.equal((await sf.request(`/api/runs/${runId}/approve`, { body: {} })).status, 401);
});

test('oversized bodies are refused before anything reads them (413)', async () => {
  const big = JSON.stringify({ comment: 'x'.repeat(300 * 1024) });
  assert.equal((await sf.request(`/api/runs/${runId}/approve`, { token: sf.tokens.alice, body: big })).status, 413);
  assert.equal(sf.fx.store.getApproval(runId), undefined);
});

test('a viewer cannot approve (403), and the refusal is in the audit journal', async () => {
  const res = await sf.request(`/api/runs/${runId}/approve`, { token: sf.tokens.viewer, body: { comment: 'looks fine' } });
  assert.equal(res.status, 403);
  assert.equal((res.json().error as { code: string }).code, 'FORBIDDEN_ROLE');
  const audit = sf.fx.store.listAudit({ target: runId });
  assert.ok(audit.some((a) => a.actor === 'vic' && a.action === 'approve' && a.outcome === 'refused'));
  assert.equal(sf.fx.store.getApproval(runId), undefined);
});

test('the commit author cannot approve their own change (self-approval)', async () => {
  const res = await sf.request(`/api/runs/${runId}/approve`, { token: sf.tokens.dev, body: {} });
  assert.equal(res.status, 403);
  assert.equal((res.json().error as { code: string }).code, 'SELF_APPROVAL');
  assert.equal(sf.fx.store.getApproval(runId), undefined);
});

test('a viewer cannot manage users; an admin can, and the token is shown once', async () => {
  assert.equal((await sf.request('/api/users', { token: sf.tokens.viewer })).status, 403);
  const created = await sf.request('/api/users', { token: sf.tokens.admin, body: { name: 'olga', role: 'viewer' } });
  assert.equal(created.status, 201);
  const token = String(created.json().token);
  assert.match(token, /^mrd_/);
  assert.equal((await sf.request('/api/me', { token })).json().name, 'olga');
  const list = await sf.request('/api/users', { token: sf.tokens.admin });
  assert.ok(!list.text.includes(token), 'listing users never shows a token');
  const tokenId = String(created.json().tokenId);
  assert.equal((await sf.request(`/api/tokens/${tokenId}`, { token: sf.tokens.admin, method: 'DELETE' })).status, 200);
  assert.equal((await sf.request('/api/me', { token })).status, 401, 'a revoked token is refused');
});

async function login(token: string): Promise<{ cookie: string; csrf: string }> {
  const form = await sf.request('/login');
  const nonce = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await sf.request('/login', { form: { _csrf: nonce, token }, cookie: loginCookie });
  assert.equal(res.status, 303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /meridian_session=[^;]+;.*HttpOnly/i);
  assert.match(setCookie, /SameSite=Strict/i);
  const cookie = /meridian_session=[^;]+/.exec(setCookie)?.[0] ?? '';
  const page = await sf.request(`/runs/${runId}`, { cookie });
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '' };
}

test('session writes without the CSRF token are refused; the login form needs its own', async () => {
  const noNonce = await sf.request('/login', { form: { token: sf.tokens.alice } });
  assert.equal(noNonce.status, 401);
  assert.ok(!(noNonce.headers.get('set-cookie') ?? '').includes('meridian_session='));
  const { cookie, csrf } = await login(sf.tokens.alice);
  assert.ok(csrf.length > 10);
  const form = await sf.request(`/runs/${runId}/decide`, { cookie, form: { decision: 'approve', comment: 'x' } });
  assert.equal(form.status, 403);
  const wrong = await sf.request(`/runs/${runId}/decide`, { cookie, form: { decision: 'approve', _csrf: `${csrf}x` } });
  assert.equal(wrong.status, 403);
  const api = await sf.request(`/api/runs/${runId}/approve`, { cookie, body: {} });
  assert.equal(api.status, 403);
  assert.equal((api.json().error as { code: string }).code, 'CSRF');
  assert.equal(sf.fx.store.getApproval(runId), undefined);
});

async function readEvents(path: string, token: string, until: (e: Record<string, unknown>) => boolean, onHello?: () => void): Promise<Record<string, unknown>[]> {
  const res = await fetch(sf.url + path, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  assert.equal(res.headers.get('content-type')?.split(';')[0], 'text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: Record<string, unknown>[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    sf.seen.push(decoder.decode(value));
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (!data) continue;
      const e = JSON.parse(data) as Record<string, unknown>;
      if (e.type === 'hello') onHello?.();
      events.push(e);
      if (until(e)) {
        await reader.cancel();
        return events;
      }
    }
  }
  return events;
}

test('an approver approves with CSRF through the form; SSE shows the rollout reach every region', async () => {
  const { cookie, csrf } = await login(sf.tokens.alice);
  const stream = readEvents(`/api/runs/${runId}/events`, sf.tokens.viewer, (e) => e.type === 'run-finished');
  const res = await sf.request(`/runs/${runId}/decide`, { cookie, form: { decision: 'approve', comment: 'ship it', _csrf: csrf } });
  assert.equal(res.status, 303);
  const events = await stream;
  assert.equal(events.at(-1)?.status, 'succeeded');
  assert.ok(events.some((e) => e.type === 'run-started'), 'the stream replays the journal from the start');
  const deployed = new Set(events.filter((e) => e.type === 'stage-finished' && e.stage === 'deploy').map((e) => e.region));
  assert.deepEqual([...deployed].sort(), ['eu-west-1', 'us-east-1', 'us-west-2']);
  const seqs = events.map((e) => Number(e.seq));
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in journal order, no duplicates');
  assert.equal(new Set(seqs).size, seqs.length);
  const approval = sf.fx.store.getApproval(runId);
  assert.equal(approval?.by, 'alice@example.com');
  assert.equal(approval?.comment, 'ship it');
  assert.ok(sf.fx.store.listAudit({ target: runId }).some((a) => a.actor === 'alice' && a.action === 'approve' && a.outcome === 'ok' && a.data.comment === 'ship it'));
  const again = await sf.request(`/api/runs/${runId}/approve`, { token: sf.tokens.alice, body: {} });
  assert.equal(again.status, 409);
});

test('notifications: approval needed and succeeded, JSON and Slack, retried, each with the run link', async () => {
  await sf.server.notifier.drain();
  const json = sf.notifications.filter((n) => n.path === '/json');
  assert.deepEqual(json.map((n) => n.body.event), ['approval', 'succeeded']);
  assert.equal(json[0]?.body.url, `${sf.url}/runs/${runId}`);
  const slack = sf.notifications.filter((n) => n.path === '/flaky');
  assert.equal(slack.length, 2, 'the first attempt got a 503 and was retried');
  assert.match(String(slack[1]?.body.text), new RegExp(`needs approval.*<${sf.url}/runs/${runId}\\|open the run>`));
  assert.ok(sf.logs.some((l) => /notification to 127\.0\.0\.1:\d+ answered 503/.test(l)));
});

function push(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  return sf.request('/webhooks/github', {
    body: text,
    headers: { 'x-github-event': 'push', 'x-github-delivery': `d-${Math.random()}`, 'x-hub-signature-256': githubSignature(WEBHOOK_SECRET, text), ...headers },
  });
}

test('webhooks: forged and replayed deliveries are refused; a signed push starts a run; reject reverts', async () => {
  const app = readFileSync(join(sf.fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600');
  const sha = sf.fx.commit({ 'templates/app.yaml': app }, 'orders: keep messages 14 days');
  const body = { ref: 'refs/heads/main', after: sha };
  const forged = await push(body, { 'x-hub-signature-256': githubSignature('not-the-secret', JSON.stringify(body)) });
  assert.equal(forged.status, 401);
  const unsigned = await sf.request('/webhooks/github', { body, headers: { 'x-github-event': 'push', 'x-github-delivery': 'u-1' } });
  assert.equal(unsigned.status, 401);
  const gitlabForged = await sf.request('/webhooks/gitlab', { body, headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'guess', 'x-gitlab-event-uuid': 'g-1' } });
  assert.equal(gitlabForged.status, 401);
  const other = await push({ ref: 'refs/heads/feature', after: sha });
  assert.equal(other.status, 202);
  assert.equal(other.json().accepted, false);
  const ok = await push(body, { 'x-github-delivery': 'delivery-42' });
  assert.equal(ok.status, 202);
  assert.equal(ok.json().accepted, true);
  const replay = await push(body, { 'x-github-delivery': 'delivery-42' });
  assert.equal(replay.status, 409);
  assert.equal((replay.json().error as { code: string }).code, 'REPLAYED');
  await sf.server.worker.idle();
  const run = sf.fx.store.listRuns({ limit: 1 })[0];
  assert.equal(run?.commit, sha);
  assert.equal(run?.status, 'awaiting-approval');
  const res = await sf.request(`/api/runs/${run.id}/reject`, { token: sf.tokens.alice, body: { comment: 'not now' } });
  assert.equal(res.status, 202);
  await sf.server.worker.idle();
  const detail = (await sf.request(`/api/runs/${run.id}`, { token: sf.tokens.viewer })).json();
  assert.equal(detail.status, 'rejected');
  assert.equal((detail.graph as { cells: Record<string, Record<string, string>> }).cells.deploy?.['us-east-1'], undefined, 'nothing was deployed');
  assert.ok((detail.events as { type: string; data: { stage?: string } }[]).some((e) => e.type === 'stage-finished' && e.data.stage === 'revert'));
});

test('drift blocks a run: the drift report is on the run page and drift and failure are notified', async () => {
  const { PutParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const ssm = new SSMClient({ region: 'eu-west-1', endpoint: sf.fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'edited-by-hand', Type: 'String', Overwrite: true }));
  ssm.destroy();
  sf.fx.commit({ 'README.md': 'third\n' }, 'docs: third');
  let subscribed: () => void = () => {};
  const ready = new Promise<void>((r) => (subscribed = r));
  const summaries = readEvents('/api/events', sf.tokens.viewer, (e) => e.status === 'failed', () => subscribed());
  await ready;
  const id = await runNow(sf);
  assert.equal(sf.fx.store.getRun(id)?.status, 'failed');
  const seenStatuses = (await summaries).filter((e) => e.id === id).map((e) => e.status);
  assert.ok(seenStatuses.includes('running') && seenStatuses.at(-1) === 'failed', `the runs stream followed the run (${seenStatuses.join(', ')})`);
  const { cookie } = await login(sf.tokens.viewer);
  const page = await sf.request(`/runs/${id}`, { cookie });
  assert.match(page.text, /<tr class="drifted"><td>eu-west-1<\/td><td>shop-config<\/td>/);
  assert.match(page.text, /FeatureFlags <code>\/Value<\/code> NOT_EQUAL: expected <code>checkout=on,search=on<\/code>, actual <code>edited-by-hand<\/code>/);
  await sf.server.notifier.drain();
  const mine = sf.notifications.filter((n) => n.path === '/json' && n.body.runId === id).map((n) => n.body.event);
  assert.deepEqual(mine, ['drift', 'failed']);
});

test('an admin adds a user from the Users page (CSRF-checked); the token is shown once', async () => {
  const viewer = await login(sf.tokens.viewer);
  assert.equal((await sf.request('/users', { cookie: viewer.cookie, headers: { accept: 'text/html' } })).status, 403);
  const { cookie, csrf } = await login(sf.tokens.admin);
  assert.equal((await sf.request('/users', { cookie, form: { name: 'pat', role: 'approver' } })).status, 403);
  const res = await sf.request('/users', { cookie, form: { _csrf: csrf, name: 'pat', email: 'pat@example.com', role: 'approver' } });
  assert.equal(res.status, 201);
  const token = /<code class="token">(mrd_[^<]+)<\/code>/.exec(res.text)?.[1] ?? '';
  assert.equal((await sf.request('/api/me', { token })).json().email, 'pat@example.com');
  const again = await sf.request('/users', { cookie });
  assert.ok(!again.text.includes(token), 'the token is not shown again');
  assert.match(again.text, /<td>pat<\/td><td>pat@example.com<\/td><td>approver<\/td>/);
  const audit = await sf.request('/audit', { cookie });
  assert.match(audit.text, /root<\/strong> user-add pat — ok/);
});

test('signing out ends the session (CSRF-checked); signing in again while signed in works', async () => {
  const { cookie, csrf } = await login(sf.tokens.viewer);
  assert.equal((await sf.request('/logout', { cookie, method: 'POST', form: {} })).status, 403, 'no CSRF token, no sign-out');
  const form = await sf.request('/login', { cookie });
  const nonce = /action="\/login" class="login">\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const relogin = await sf.request('/login', { cookie: `${cookie}; ${loginCookie}`, form: { _csrf: nonce, token: sf.tokens.alice } });
  assert.equal(relogin.status, 303, /role="alert">([^<]*)/.exec(relogin.text)?.[1] ?? relogin.text.slice(0, 300));
  assert.equal((await sf.request('/logout', { cookie, form: { _csrf: csrf } })).status, 303);
  const after = await sf.request('/', { cookie, headers: { accept: 'text/html' } });
  assert.equal(after.status, 302);
  assert.equal(after.headers.get('location'), '/login');
});

test('NoEcho values and tokens never appear in any response, page, SSE message or log line', async () => {
  await sf.request('/api/runs', { token: sf.tokens.viewer });
  for (const run of sf.fx.store.listRuns()) {
    await sf.request(`/api/runs/${run.id}`, { token: sf.tokens.viewer });
    const { cookie } = await login(sf.tokens.viewer);
    await sf.request(`/runs/${run.id}`, { cookie });
    await sf.request(`/runs/${run.id}/live`, { cookie });
    await sf.request('/audit', { cookie });
    await sf.request('/', { cookie });
  }
  assert.ok(sf.logs.some((l) => /^info run \S+: deploy eu-west-1/.test(l)), 'the log carries run progress, so it is checked too');
  const everything = [...sf.seen, ...sf.logs].join('\n');
  assert.ok(sf.seen.length > 40, 'many responses were checked');
  for (const secret of [DB_PASSWORD, WEBHOOK_SECRET, ...Object.values(sf.tokens)]) {
    assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 6)}...) leaked`);
  }
  // The password really was deployed, so the check above is not vacuous.
  const { DescribeParametersCommand, GetParametersCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const ssm = new SSMClient({ region: 'us-east-1', endpoint: sf.fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  const names = ((await ssm.send(new DescribeParametersCommand({ MaxResults: 50 }))).Parameters ?? []).map((p) => p.Name ?? '');
  const values = await ssm.send(new GetParametersCommand({ Names: names.slice(0, 10) }));
  ssm.destroy();
  assert.ok((values.Parameters ?? []).some((p) => p.Value === DB_PASSWORD), `the password is deployed (${names.join(', ')})`);
});

test('with no webhook secret configured every webhook is refused', async (t) => {
  const bare = await serverFixture({ webhookSecret: false });
  t.after(() => bare.stop());
  const text = JSON.stringify({ ref: 'refs/heads/main', after: 'a'.repeat(40) });
  const res = await bare.request('/webhooks/github', { body: text, headers: { 'x-github-event': 'push', 'x-github-delivery': 'x-1', 'x-hub-signature-256': githubSignature('', text) } });
  assert.equal(res.status, 403);
  assert.equal((res.json().error as { code: string }).code, 'WEBHOOKS_DISABLED');
  assert.equal((await bare.request('/webhooks/gitlab', { body: text, headers: { 'x-gitlab-token': '' } })).status, 403);
});
