// Review with values through the server: after a parameter-only change, `GET /api/runs/{id}` and
// the run page show each changed property before -> after, and the NoEcho password (a parameter
// fed from the environment) shows nowhere.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide, startRun } from '../../src/pipeline/index.js';
import { DB_PASSWORD, serverFixture, signIn, type ServerFixture } from './server-fixture.js';

let sf: ServerFixture;
before(async () => {
  sf = await serverFixture();
});
after(() => sf.stop());

interface Detail { name?: string; path?: string; before?: string; after?: string }
interface Preview { region: string; stack: string; kind: string; changes: { logicalId: string; details: Detail[] }[] }

test('a parameter-only change shows before -> after in the API and on the run page, secrets masked', async () => {
  const first = await startRun(sf.fx.deps, { repo: sf.fx.repo, ref: 'main' });
  assert.equal(first.status, 'awaiting-approval', first.reason);
  assert.equal((await decide(sf.fx.deps, first.runId, { kind: 'approved', by: 'alice@example.com' })).status, 'succeeded');

  const config = readFileSync(join(sf.fx.repo, 'meridian.yaml'), 'utf8');
  sf.fx.commit({ 'meridian.yaml': config.replace('Greeting: hello', 'Greeting: hola') }, 'greet in Spanish');
  const second = await startRun(sf.fx.deps, { repo: sf.fx.repo, ref: 'main' });
  assert.equal(second.status, 'awaiting-approval', second.reason);

  const res = await sf.request(`/api/runs/${second.runId}`, { token: sf.tokens.viewer });
  assert.equal(res.status, 200);
  const previews = res.json().previews as Preview[];
  const app = previews.find((p) => p.region === 'us-east-1' && p.stack === 'shop-app');
  assert.equal(app?.kind, 'changes');
  const values = app?.changes.flatMap((c) => c.details.filter((d) => d.before !== undefined || d.after !== undefined).map((d) => ({ id: c.logicalId, ...d }))) ?? [];
  assert.ok(values.some((v) => v.before?.includes('greeting=hello') && v.after?.includes('greeting=hola')), JSON.stringify(values, null, 2));
  assert.ok(previews.every((p) => p.stack !== 'shop-config' || p.kind === 'no-changes'), 'shop-config did not change');

  const { cookie } = await signIn(sf, sf.tokens.viewer);
  const page = await sf.request(`/runs/${second.runId}`, { cookie });
  assert.equal(page.status, 200);
  assert.match(page.text, /<ul class="values"><li data-path="\/Properties\/[^"]+"><strong>[^<]+<\/strong>: <span class="before"><code>[^<]*greeting=hello[^<]*<\/code><\/span> → <span class="after"><code>[^<]*greeting=hola/);
  for (const text of [...sf.seen, res.text, page.text]) assert.ok(!text.includes(DB_PASSWORD), 'the NoEcho password never leaves the server');
});
