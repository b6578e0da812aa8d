// Proven approvers from the CLI, one process per command: `--as` must be the identity git commits
// with in the repository (unless approval.cliIdentity is any), approval.cli: false refuses CLI
// decisions on the local store, and `--server` decides through the API as the token's user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud } from '../../src/localcloud/index.js';
import { runCli } from '../helpers/run-cli.js';
import { exampleRepo } from '../helpers/example-repo.js';
import { runNow, serverFixture } from '../server/server-fixture.js';

const BOB = { GIT_COMMITTER_EMAIL: 'bob@example.com' };

/** The example repository with `approval` replaced, a localcloud, and a run that waits for approval. */
async function waitingRun(t: { after: (fn: () => Promise<void> | void) => void }, approval: string) {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-approver-'));
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  t.after(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const base = readFileSync(new URL('../../examples/shop-infra/meridian.yaml', import.meta.url), 'utf8');
  const repo = exampleRepo(join(dir, 'repo'), { 'meridian.yaml': `${base.slice(0, base.indexOf('approval:'))}approval: ${approval}\n` });
  const cli = (args: string[], env: Record<string, string> = BOB) => runCli([...args, '--endpoint', cloud.endpoint], { cwd: repo, env });
  const run = await cli(['run']);
  assert.equal(run.code, 3, run.stdout + run.stderr);
  const runId = /run (r\d{8}T\d{6}-[0-9a-f]{4}) awaits approval/.exec(run.stdout)?.[1];
  assert.ok(runId, run.stdout);
  return { cli, runId };
}

test('--as must be the committer identity git uses in the repository; the decision records via git', async (t) => {
  const { cli, runId } = await waitingRun(t, '{ required: true }');
  const forged = await cli(['approve', runId, '--as', 'carol@example.com']);
  assert.equal(forged.code, 2, forged.stdout + forged.stderr);
  assert.match(forged.stderr, /APPROVER_IDENTITY_MISMATCH/);
  assert.match(forged.stderr, /--as carol@example\.com is not who git says you are in \S+ \(bob@example\.com, from git var GIT_COMMITTER_IDENT\)/);
  assert.match(forged.stderr, /approval: \{ cliIdentity: any \}/);

  const rejected = await cli(['reject', runId, '--as', 'BOB@example.com', '--comment', 'not yet']);
  assert.equal(rejected.code, 4, rejected.stdout + rejected.stderr);
  const view = JSON.parse((await cli(['status', runId, '--json'])).stdout) as { status: string; approval: { decision: string; by: string; via: string } };
  assert.equal(view.status, 'rejected');
  assert.deepEqual(view.approval && [view.approval.decision, view.approval.by, view.approval.via], ['rejected', 'bob@example.com', 'git']);
  assert.match((await cli(['status', runId])).stdout, /rejected by bob@example\.com \(via git\) at \S+: not yet/);
});

test('approval.cliIdentity: any takes --as as said, and records via any', async (t) => {
  const { cli, runId } = await waitingRun(t, '{ cliIdentity: any }');
  const rejected = await cli(['reject', runId, '--as', 'carol@example.com']);
  assert.equal(rejected.code, 4, rejected.stdout + rejected.stderr);
  const view = JSON.parse((await cli(['status', runId, '--json'])).stdout) as { approval: { by: string; via: string } };
  assert.deepEqual([view.approval.by, view.approval.via], ['carol@example.com', 'any']);
});

test('approval.cli: false refuses approve and reject on the local store (exit 2) and points to the server', async (t) => {
  const { cli, runId } = await waitingRun(t, '{ cli: false }');
  for (const decision of ['approve', 'reject']) {
    const refused = await cli([decision, runId]);
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /CLI_APPROVAL_DISABLED/);
    assert.match(refused.stderr, /pipeline shop-infra takes decisions through its server only \(approval\.cli is false in meridian\.yaml\): use `meridian approve RUN --server URL` with MERIDIAN_TOKEN set/);
  }
  const view = JSON.parse((await cli(['status', runId, '--json'])).stdout) as { status: string; approval?: unknown };
  assert.equal(view.status, 'awaiting-approval');
  assert.equal(view.approval, undefined, 'no decision was recorded');
});

test("--server approves through the API as the token's user; --as is refused with it", async (t) => {
  const sf = await serverFixture();
  t.after(() => sf.stop());
  const runId = await runNow(sf);
  assert.equal(sf.fx.store.getRun(runId)?.status, 'awaiting-approval');
  const cwd = sf.fx.repo;
  const withAs = await runCli(['approve', runId, '--server', sf.url, '--as', 'alice@example.com'], { cwd, env: { MERIDIAN_TOKEN: sf.tokens.alice } });
  assert.equal(withAs.code, 2, withAs.stderr);
  assert.match(withAs.stderr, /--as cannot be used with --server: the server decides as its token's user/);
  const noToken = await runCli(['approve', runId, '--server', sf.url], { cwd, env: { MERIDIAN_TOKEN: '' } });
  assert.equal(noToken.code, 2, noToken.stderr);
  assert.match(noToken.stderr, /--server needs a token: set MERIDIAN_TOKEN/);
  const badToken = await runCli(['approve', runId, '--server', sf.url], { cwd, env: { MERIDIAN_TOKEN: 'mrd_not-a-real-token' } });
  assert.equal(badToken.code, 2, badToken.stderr);
  assert.match(badToken.stderr, /the server at http:\/\/127\.0\.0\.1:\d+ refused: INVALID_TOKEN/);
  // The commit's author holds an approver token too: the server's no-self-approval check applies.
  const self = await runCli(['approve', runId, '--server', sf.url], { cwd, env: { MERIDIAN_TOKEN: sf.tokens.dev } });
  assert.equal(self.code, 2, self.stderr);
  assert.match(self.stderr, /SELF_APPROVAL/);
  assert.equal(sf.fx.store.getApproval(runId), undefined);

  const approved = await runCli(['approve', runId, '--server', sf.url, '--comment', 'ship it'], { cwd, env: { MERIDIAN_TOKEN: sf.tokens.alice } });
  assert.equal(approved.code, 0, approved.stdout + approved.stderr);
  assert.match(approved.stdout, new RegExp(`approved run ${runId} as alice through ${sf.url.replace(/[.]/g, '\\.')}; the server carries it on`));
  await sf.server.worker.idle();
  const decision = sf.fx.store.getApproval(runId);
  assert.deepEqual(decision && [decision.by, decision.via, decision.comment], ['alice@example.com', 'server-token', 'ship it']);
  assert.equal(sf.fx.store.getRun(runId)?.status, 'succeeded');
  assert.ok(!approved.stdout.includes(sf.tokens.alice) && !approved.stderr.includes(sf.tokens.alice), 'the token is not printed');
});
