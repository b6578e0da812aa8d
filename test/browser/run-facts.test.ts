// What the dashboard tells beyond the graph (issue 17 item 6), in real Chromium: the runs list says
// why a run failed, the run page gives the rollout order and links the commit, the approval box says
// when drift was found in a secondary region, and /favicon.ico is an icon, not a 404.
// Screenshots go to the folder the test prints (MERIDIAN_SCREENSHOTS to choose it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { runNow, serverFixture, type ServerFixture } from '../server/server-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium; .ci/run does it)`;
const COMMIT_URL = 'https://git.example.com/shop/shop-infra/commit/{sha}';

let sf: ServerFixture;
let context: BrowserContext;
let profile: string;
const shots = process.env.MERIDIAN_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'meridian-screenshots-'));

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  sf = await serverFixture();
  profile = mkdtempSync(join(tmpdir(), 'meridian-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (skip) return;
  await context?.close();
  await sf?.stop();
  rmSync(profile, { recursive: true, force: true });
  process.stdout.write(`screenshots in ${shots}\n`);
});

/** Waits (bounded) until the run reaches one of `statuses`. */
async function settled(runId: string, statuses: string[]): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const status = sf.fx.store.getRun(runId)?.status ?? '';
    if (statuses.includes(status)) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} is still ${sf.fx.store.getRun(runId)?.status}`);
}

async function signIn(): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`${sf.url}/login`);
  await page.getByLabel('API token').fill(sf.tokens.alice);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Runs' }).waitFor();
  return page;
}

test('the favicon is served before sign-in and the pages point at it', { skip }, async () => {
  const page = await context.newPage();
  const icon = await page.goto(`${sf.url}/favicon.ico`);
  assert.equal(icon?.status(), 200);
  assert.equal(icon?.headers()['content-type'], 'image/x-icon');
  const bytes = await icon?.body();
  assert.deepEqual([...(bytes ?? Buffer.alloc(0)).subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
  const failed: string[] = [];
  page.on('response', (r) => (r.status() >= 400 ? failed.push(`${r.status()} ${r.url()}`) : undefined));
  await page.goto(`${sf.url}/login`);
  assert.equal(await page.locator('link[rel=icon]').getAttribute('href'), '/favicon.ico');
  // The browser decodes it: an image element of it has the icon's size.
  const size = await page.evaluate(`new Promise((resolve) => { const i = new Image(); i.onload = () => resolve([i.naturalWidth, i.naturalHeight]); i.onerror = () => resolve([0, 0]); i.src = '/favicon.ico'; })`);
  assert.deepEqual(size, [32, 32]);
  assert.deepEqual(failed, []);
  await page.close();
});

test('drift in a secondary is named in the approval box; the page shows the waves and links the commit', { skip }, async () => {
  // A first deploy, so that there is something to drift.
  const first = await runNow(sf);
  assert.equal(await settled(first, ['awaiting-approval', 'failed']), 'awaiting-approval');
  const approve = await sf.request(`/api/runs/${first}/approve`, { token: sf.tokens.alice, body: { comment: 'first deploy' } });
  assert.ok(approve.status < 300, approve.text);
  assert.equal(await settled(first, ['succeeded', 'failed']), 'succeeded');

  // Someone edits a parameter by hand in eu-west-1; this pipeline warns on drift instead of blocking.
  const ssm = new SSMClient({ region: 'eu-west-1', endpoint: sf.fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'checkout=off,search=on', Type: 'String', Overwrite: true }));
  ssm.destroy();
  const meridian = readFileSync(join(sf.fx.repo, 'meridian.yaml'), 'utf8')
    .replace('drift: { onDrift: block }', 'drift: { onDrift: warn }')
    .replace('source: { branch: main }', `source: { branch: main, commitUrl: "${COMMIT_URL}" }`);
  const app = readFileSync(join(sf.fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600');
  const sha = sf.fx.commit({ 'meridian.yaml': meridian, 'templates/app.yaml': app }, 'orders: keep messages 14 days; drift warns');
  const runId = await runNow(sf);
  assert.equal(await settled(runId, ['awaiting-approval', 'failed']), 'awaiting-approval', sf.fx.store.getRun(runId)?.data.reason as string);

  const page = await signIn();
  await page.goto(`${sf.url}/runs/${runId}`);
  const box = page.locator('section.approval');
  await box.waitFor();
  assert.match((await box.locator('.drift-notice').textContent()) ?? '', /Drift found in eu-west-1 \(shop-config: FeatureFlags\)/);
  const waves = page.getByRole('region', { name: 'Rollout order' });
  assert.match((await waves.locator('li[data-wave="1"]').textContent()) ?? '', /Wave 1: us-east-1/);
  assert.match((await waves.locator('li[data-wave="2"]').textContent()) ?? '', /Wave 2: us-west-2, eu-west-1/);
  assert.match((await waves.textContent()) ?? '', /shop-config → shop-app/);
  const link = page.locator('p.commit a');
  assert.equal(await link.getAttribute('href'), COMMIT_URL.replace('{sha}', sha));
  assert.equal(await link.textContent(), sha.slice(0, 12));
  await box.screenshot({ path: join(shots, 'approval-with-drift.png') });
  await page.screenshot({ path: join(shots, 'run-page-waves-commit.png'), fullPage: true });
  await page.close();
  const reject = await sf.request(`/api/runs/${runId}/reject`, { token: sf.tokens.alice, body: { comment: 'fix the drift first' } });
  assert.ok(reject.status < 300, reject.text);
  await settled(runId, ['rejected']);
});

test('the runs list says why a run failed', { skip }, async () => {
  // A property CloudFormation does not know: validation fails the run before anything is staged.
  const app = readFileSync(join(sf.fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 1209600', 'MessageRetentionPeriod: 1209600\n      RetentionDays: 14');
  sf.fx.commit({ 'templates/app.yaml': app }, 'orders: a typo in a property');
  const runId = await runNow(sf);
  assert.equal(await settled(runId, ['failed', 'awaiting-approval']), 'failed');
  const reason = String(sf.fx.store.getRun(runId)?.data.reason ?? '');
  assert.ok(reason, 'the run has a reason');
  const page = await signIn();
  const row = page.locator('table.runs tr', { has: page.getByRole('link', { name: runId }) });
  assert.match((await row.locator('td.reason').textContent()) ?? '', /validation/i);
  assert.equal(await page.locator('table.runs th', { hasText: 'Reason' }).count(), 1);
  await page.screenshot({ path: join(shots, 'runs-list-reasons.png'), fullPage: true });
  await page.close();
});
