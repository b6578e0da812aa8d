// The CLI end to end, one process per command as a user types them: init, run (waits for approval
// and exits), approve from a new process, status/runs --json, drift, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

const DEV = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };

test('git init && meridian init && git commit && meridian run; then approve from another process', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...DEV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  const init = await runCli(['init', '--pipeline', 'demo-infra'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  assert.match(readFileSync(join(dir, 'meridian.yaml'), 'utf8'), /secondaries: \[us-west-2, eu-west-1\]/);
  assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), '.meridian/\n');
  assert.equal((await runCli(['init'], { cwd: dir })).code, 2, 'init refuses to overwrite');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');

  const run = await runCli(['run'], { cwd: dir });
  assert.equal(run.code, 3, `awaiting approval exits 3\n${run.stdout}\n${run.stderr}`);
  const runId = /run (r\d{8}T\d{6}-[0-9a-f]{4}) awaits approval/.exec(run.stdout)?.[1];
  assert.ok(runId, run.stdout);

  const status = await runCli(['status', runId, '--json'], { cwd: dir });
  assert.equal(status.code, 3);
  const view = JSON.parse(status.stdout) as { id: string; status: string; commit: string; steps: { stage: string; region?: string; status: string }[] };
  assert.equal(view.status, 'awaiting-approval');
  assert.equal(view.commit.length, 40);
  assert.ok(view.steps.some((s) => s.stage === 'preview' && s.region === 'eu-west-1' && s.status === 'succeeded'));

  // The author (git user.email) may not approve their own commit.
  const self = await runCli(['approve', runId], { cwd: dir });
  assert.equal(self.code, 2);
  assert.match(self.stderr, /cannot approve/);

  // Alice approves from her own checkout: `--as` is the identity git commits with there.
  const approved = await runCli(['approve', runId, '--as', 'alice@example.com', '--comment', 'ship it', '--json'], { cwd: dir, env: { GIT_COMMITTER_EMAIL: 'alice@example.com' } });
  assert.equal(approved.code, 0, approved.stdout + approved.stderr);
  const done = JSON.parse(approved.stdout) as { status: string; approval: { by: string; comment: string } };
  assert.equal(done.status, 'succeeded');
  assert.deepEqual([done.approval.by, done.approval.comment], ['alice@example.com', 'ship it']);

  const runs = JSON.parse((await runCli(['runs', '--json'], { cwd: dir })).stdout) as { id: string; status: string }[];
  assert.deepEqual(runs.map((r) => [r.id, r.status]), [[runId, 'succeeded']]);

  const drift = await runCli(['drift'], { cwd: dir });
  assert.equal(drift.code, 0, drift.stdout + drift.stderr);
  assert.match(drift.stdout, /eu-west-1\s+demo-infra-app\s+in sync/);

  const again = await runCli(['run', '--json'], { cwd: dir });
  assert.equal(again.code, 0);
  assert.equal((JSON.parse(again.stdout) as { status: string }).status, 'no-changes');
});

test('a bad meridian.yaml is a usage error naming the field and line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...DEV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  assert.equal((await runCli(['init'], { cwd: dir })).code, 0);
  execFileSync('sed', ['-i', 's/maxConcurrent: 1/maxConcurent: 1/', join(dir, 'meridian.yaml')]);
  git('add', '-A');
  git('commit', '-q', '-m', 'typo');
  const run = await runCli(['run'], { cwd: dir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /meridian\.yaml:\d+:\d+: rollout\.maxConcurent: unknown key 'maxConcurent'/);
});
