// Webhooks bound to what is signed, over HTTP on a real server, git repository and SQLite store: a
// captured push sent again (new delivery id, or re-signed as if it had left the replay window)
// starts nothing and supersedes nothing; a commit off the branch or behind the last run is ignored
// with the reason; an unknown sha is answered 422 and moves no state, so the next poll starts nothing.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { githubSignature, lastCommitKey } from '../../src/server/index.js';
import { serverFixture, WEBHOOK_SECRET, type ServerFixture } from './server-fixture.js';

let sf: ServerFixture;

before(async () => {
  sf = await serverFixture();
});
after(() => sf.stop());

function send(text: string, deliveryId: string) {
  const headers = { 'x-github-event': 'push', 'x-github-delivery': deliveryId, 'x-hub-signature-256': githubSignature(WEBHOOK_SECRET, text) };
  return sf.request('/webhooks/github', { body: text, headers });
}

/** A push body as GitHub signs it: `pushed_at` makes two pushes of one sha two different bodies. */
const pushBody = (sha: string, pushedAt: number) => JSON.stringify({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { pushed_at: pushedAt } });

const lastCommit = () => sf.fx.store.getServerState(lastCommitKey('main'));
const statuses = () => sf.fx.store.listRuns().map((r) => `${r.commit.slice(0, 7)} ${r.status}`);
const retention = (days: number) => readFileSync(join(sf.fx.repo, 'templates/app.yaml'), 'utf8').replace(/MessageRetentionPeriod: \d+/, `MessageRetentionPeriod: ${days * 86_400}`);

let shaA = '';
let shaB = '';
let bodyA = '';

test('two signed pushes run in order; the newer supersedes the older waiting run', async () => {
  shaA = sf.fx.commit({ 'templates/app.yaml': retention(5) }, 'orders: keep messages 5 days');
  bodyA = pushBody(shaA, 1_700_000_000);
  const a = await send(bodyA, 'delivery-a');
  assert.equal(a.status, 202, a.text);
  assert.deepEqual(a.json(), { accepted: true, commit: shaA });
  await sf.server.worker.idle();
  shaB = sf.fx.commit({ 'templates/app.yaml': retention(6) }, 'orders: keep messages 6 days');
  assert.equal((await send(pushBody(shaB, 1_700_000_100), 'delivery-b')).json().accepted, true);
  await sf.server.worker.idle();
  assert.deepEqual(statuses(), [`${shaB.slice(0, 7)} awaiting-approval`, `${shaA.slice(0, 7)} superseded`]);
  assert.equal(lastCommit(), shaB);
});

test('a captured push of the old commit, replayed with a new delivery id, is refused and supersedes nothing', async () => {
  const before = statuses();
  const replay = await send(bodyA, 'delivery-a-but-new');
  assert.equal(replay.status, 409);
  const error = replay.json().error as { code: string; message: string };
  assert.equal(error.code, 'REPLAYED');
  assert.match(error.message, new RegExp(`refs/heads/main at ${shaA.slice(0, 12)}, same signed body.*delivery id delivery-a-but-new does not make it new`));
  await sf.server.worker.idle();
  assert.deepEqual(statuses(), before);
  assert.equal(lastCommit(), shaB);
});

test('a signed push of the old commit that the window no longer holds is ignored: not newer than the last run', async () => {
  const before = statuses();
  // A different signed body for the same old sha: what a replay looks like once its key has aged out.
  const late = await send(pushBody(shaA, 1_700_000_050), 'delivery-late');
  assert.equal(late.status, 202);
  const answer = late.json();
  assert.equal(answer.accepted, false);
  assert.equal(answer.code, 'NOT_NEWER');
  assert.match(String(answer.reason), new RegExp(`^${shaA.slice(0, 12)} is not a descendant of ${shaB.slice(0, 12)}, the last commit Meridian ran for main`));
  const again = await send(pushBody(shaB, 1_700_000_200), 'delivery-b-again');
  assert.equal(again.json().code, 'ALREADY_RUN');
  await sf.server.worker.idle();
  assert.deepEqual(statuses(), before);
  assert.equal(sf.fx.store.getRun(sf.fx.store.listRuns()[0]?.id ?? '')?.status, 'awaiting-approval', "the head's approval still waits");
  assert.ok(sf.logs.some((l) => l.includes(`push ${shaA.slice(0, 12)} on main (delivery delivery-late) ignored: NOT_NEWER`)));
});

test('a signed push naming an unknown sha is answered 422 and moves no state; the next poll starts nothing', async () => {
  const before = statuses();
  const unknown = 'deadbeef'.repeat(5);
  const body = pushBody(unknown, 1_700_000_300);
  const res = await send(body, 'delivery-unknown');
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().error, {
    code: 'UNKNOWN_COMMIT',
    message: 'deadbeefdead is not a commit in the watched repository; nothing was started or recorded (polling runs the branch head once it arrives)',
  });
  // Nothing was recorded, not even the replay key: the same delivery may come again once the commit is here.
  assert.equal((await send(body, 'delivery-unknown')).status, 422);
  // The worker refuses it too (a push queued before a mirror lost the commit), and a forced check
  // (the S3 trigger's path) fails without recording it.
  await sf.server.worker.checkNow('github push', unknown);
  await sf.server.worker.enqueue('s3', () => sf.server.worker.check('s3 version 9', unknown, true));
  assert.ok(sf.logs.some((l) => l.startsWith('warn github push: UNKNOWN_COMMIT: deadbeefdead is not a commit')), sf.logs.join('\n'));
  assert.ok(sf.logs.some((l) => /^error check \(s3\)|^error s3: SOURCE_UNKNOWN_REF/.test(l)), sf.logs.join('\n'));
  assert.equal(lastCommit(), shaB, 'poll:last-commit did not move');
  await sf.server.worker.checkNow('poll');
  assert.deepEqual(statuses(), before, 'the poll saw the head it had already run');
});

test('a push of a commit off the branch, or behind it after a rewrite, is ignored with the reason', async () => {
  const before = statuses();
  const git = (...args: string[]) => execFileSync('git', ['-C', sf.fx.repo, ...args], { encoding: 'utf8' }).trim();
  // A sibling of B: signed pushes can name any sha, so this one is on no branch Meridian watches.
  const sibling = git('commit-tree', `${shaA}^{tree}`, '-p', shaA, '-m', 'a sibling of B');
  const off = await send(pushBody(sibling, 1_700_000_400), 'delivery-sibling');
  assert.equal(off.status, 202);
  assert.deepEqual({ code: off.json().code, reason: off.json().reason }, { code: 'NOT_ON_BRANCH', reason: `${sibling.slice(0, 12)} is not on main in the watched repository` });
  // Someone rewrites main onto the sibling: it is on the branch now, but not a descendant of B.
  git('update-ref', 'refs/heads/main', sibling);
  const rewritten = await send(pushBody(sibling, 1_700_000_500), 'delivery-rewrite');
  assert.equal(rewritten.json().code, 'NOT_NEWER');
  await sf.server.worker.idle();
  assert.deepEqual(statuses(), before);
  assert.equal(lastCommit(), shaB);
});
