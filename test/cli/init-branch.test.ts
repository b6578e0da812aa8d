// `meridian init` names the branch the repository is on (git init makes master or main), and `run`
// warns about edits the commit does not have (issue 17 item 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

const DEV = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };

function repo(t: { after(fn: () => void): void }, branch?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-init-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...DEV }, encoding: 'utf8' });
  if (branch) git('init', '-q', '-b', branch);
  return { dir, git };
}

test('init in a new repository on master names master, and says the first commit will be on it', async (t) => {
  const { dir, git } = repo(t, 'master');
  const init = await runCli(['init'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /no commits yet: source\.branch is master/);
  assert.match(readFileSync(join(dir, 'meridian.yaml'), 'utf8'), /^source: \{ branch: master \}/m);
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  const run = await runCli(['run', '--json'], { cwd: dir });
  assert.equal(run.code, 3, run.stdout + run.stderr);
  assert.equal((JSON.parse(run.stdout) as { branch: string }).branch, 'master');
});

test('init on a branch with commits names it; outside a repository it writes main and says why', async (t) => {
  const { dir, git } = repo(t, 'trunk');
  git('commit', '-q', '--allow-empty', '-m', 'start');
  const json = await runCli(['init', '--json'], { cwd: dir });
  assert.equal((JSON.parse(json.stdout) as { branch: string }).branch, 'trunk');
  const plain = repo(t);
  const outside = await runCli(['init'], { cwd: plain.dir });
  assert.match(outside.stdout, /not a git repository yet, so source\.branch is main/);
  assert.match(readFileSync(join(plain.dir, 'meridian.yaml'), 'utf8'), /^source: \{ branch: main \}/m);
});

test('run warns when meridian.yaml or a template differs from the commit it runs', async (t) => {
  const { dir, git } = repo(t, 'main');
  assert.equal((await runCli(['init'], { cwd: dir })).code, 0);
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  appendFileSync(join(dir, 'templates/app.yaml'), '# an edit not committed\n');
  appendFileSync(join(dir, 'meridian.yaml'), '# an edit not committed\n');
  const run = await runCli(['run', '--json'], { cwd: dir });
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /warning: meridian\.yaml, templates\/app\.yaml differ from commit [0-9a-f]{12}, which this run deploys/);
  assert.match((JSON.parse(run.stdout) as { warnings: string[] }).warnings[0] ?? '', /uncommitted edit is not deployed/);
});
