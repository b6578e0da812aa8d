// The dashboard in real Chromium (Debian's package, driven by playwright-core): sign in with a token,
// open a run awaiting approval, read the per-region preview, approve and watch the rollout reach every
// region live; a viewer cannot approve; another run is rejected and reverted. Screenshots of the run
// page and the approval view go to a folder the test prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { runNow, serverFixture, type ServerFixture } from '../server/server-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium; .ci/run does it)`;

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
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (skip) return;
  await context?.close();
  await sf?.stop();
  rmSync(profile, { recursive: true, force: true });
  process.stdout.write(`screenshots in ${shots}\n`);
});

async function signIn(token: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(sf.url);
  assert.match(page.url(), /\/login$/, 'an anonymous visit goes to the sign-in page');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Runs' }).waitFor();
  return page;
}

test('sign in, review the per-region preview, approve, and watch the rollout reach every region', { skip }, async () => {
  const runId = await runNow(sf);
  const page = await signIn(sf.tokens.alice);
  await page.getByRole('link', { name: runId }).click();
  await page.getByRole('heading', { name: 'Approval needed' }).waitFor();
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    const preview = page.getByRole('region', { name: `Preview in ${region}` });
    await preview.waitFor();
    assert.ok((await preview.textContent())?.includes('shop-app'), `the preview of ${region} lists shop-app`);
  }
  assert.ok(await page.getByText('IAM statement changes').first().isVisible(), 'IAM changes are highlighted');
  await page.screenshot({ path: join(shots, 'run-page-awaiting-approval.png'), fullPage: true });
  await page.locator('section.approval').screenshot({ path: join(shots, 'approval-view.png') });
  await page.screenshot({ path: join(shots, 'run-page.png') });

  await page.getByLabel('Comment (optional)').fill('Reviewed the IAM change with the security team.');
  await page.getByRole('button', { name: 'Approve and deploy' }).click();
  // The page updates itself from server-sent events: no reload here.
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    await page.locator(`tr[data-stage="deploy"] td[data-region="${region}"][data-status="succeeded"]`).waitFor({ timeout: 120_000 });
  }
  await page.locator('#run-live[data-status="succeeded"]').waitFor({ timeout: 60_000 });
  assert.match((await page.locator('.decision').textContent()) ?? '', /Approved by alice@example\.com/);
  await page.screenshot({ path: join(shots, 'run-page-succeeded.png'), fullPage: true });
  assert.equal(sf.fx.store.getRun(runId)?.status, 'succeeded');
  await page.close();
});

test('a viewer sees no approve button and is refused when forcing the form', { skip }, async () => {
  const app = readFileSync(join(sf.fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600');
  sf.fx.commit({ 'templates/app.yaml': app }, 'orders: keep messages 14 days');
  const runId = await runNow(sf);
  assert.equal(sf.fx.store.getRun(runId)?.status, 'awaiting-approval');
  const page = await signIn(sf.tokens.viewer);
  await page.goto(`${sf.url}/runs/${runId}`);
  await page.getByRole('heading', { name: 'Approval needed' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Approve and deploy' }).count(), 0);
  assert.ok(await page.getByText('only approvers and admins can decide').isVisible());
  const csrf = await page.locator('input[name=_csrf]').first().inputValue();
  // Runs in the page, with the viewer's session cookie and a valid CSRF token: only the role is wrong.
  const status = await page.evaluate(async ({ id, csrf }) => {
    const res = await fetch(`/runs/${id}/decide`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, decision: 'approve' }) });
    return res.status;
  }, { id: runId, csrf });
  assert.equal(status, 403);
  assert.equal(sf.fx.store.getApproval(runId), undefined);
  await page.close();
});

test('an approver rejects with a comment and sees the revert', { skip }, async () => {
  const runId = sf.fx.store.listRuns({ limit: 1 })[0]?.id ?? '';
  const page = await signIn(sf.tokens.alice);
  await page.goto(`${sf.url}/runs/${runId}`);
  await page.getByLabel('Comment (optional)').fill('Not during the sale.');
  await page.getByRole('button', { name: 'Reject' }).click();
  await page.locator('#run-live[data-status="rejected"]').waitFor({ timeout: 60_000 });
  await page.locator('tr[data-stage="revert"] td[data-status="succeeded"]').first().waitFor({ timeout: 60_000 });
  assert.match((await page.locator('.decision').textContent()) ?? '', /Rejected by alice@example\.com.*Not during the sale/);
  assert.equal(await page.locator('tr[data-stage="deploy"] td[data-status="succeeded"]').count(), 0, 'nothing was deployed');
  await page.screenshot({ path: join(shots, 'run-page-rejected.png'), fullPage: true });
  await page.close();
});

test('keyboard only: sign in, reach the approval form by Tab, approve; every control has a label', { skip }, async () => {
  sf.fx.commit({ 'README.md': 'keyboard\n' }, 'docs: keyboard run');
  const runId = await runNow(sf);
  assert.equal(sf.fx.store.getRun(runId)?.status, 'awaiting-approval');
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`${sf.url}/login`);
  await page.waitForFunction("document.activeElement && document.activeElement.id === 'token'"); // autofocus
  await page.keyboard.type(sf.tokens.alice);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Runs' }).waitFor();
  await page.goto(`${sf.url}/runs/${runId}`);
  const unlabelled = await page.evaluate("[...document.querySelectorAll('input:not([type=hidden]), textarea, select')].filter((e) => e.labels.length === 0).length");
  assert.equal(unlabelled, 0);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content');
  let onComment = false;
  for (let i = 0; i < 30 && !onComment; i++) {
    await page.keyboard.press('Tab');
    onComment = (await page.evaluate('document.activeElement.id')) === 'comment';
  }
  assert.ok(onComment, 'the comment field is reachable with Tab');
  await page.keyboard.type('Approved from the keyboard.');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement.textContent'), 'Approve and deploy');
  await page.keyboard.press('Enter');
  await page.locator('#run-live[data-status="succeeded"]').waitFor({ timeout: 120_000 });
  assert.equal(sf.fx.store.getApproval(runId)?.comment, 'Approved from the keyboard.');
  await page.close();
});
