// `meridian users add` prints a token once and stores only its hash; `meridian serve` starts a run for
// the branch head, answers the API with that token, stops cleanly on SIGTERM, and resumes at restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleRepo } from '../helpers/example-repo.js';

const CLI = fileURLToPath(new URL('./fixtures/cli-from-source.mjs', import.meta.url));
const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };

function cli(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', CLI, ...args], { env, encoding: 'utf8' });
}

function serve(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /meridian serve listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], out: () => out });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

const stopped = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('users add prints a token once; serve runs the branch head, stops on SIGTERM, resumes on restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-serve-cli-'));
  const repo = exampleRepo(join(dir, 'repo'));
  const state = join(dir, 'state');
  const children: ChildProcess[] = [];
  t.after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const added = cli(['users', 'add', 'alice', '--role', 'approver', '--email', 'alice@example.com', '--state', state]);
  const token = /token \(shown once, keep it secret\): (mrd_\S+)/.exec(added)?.[1];
  assert.ok(token, added);
  const listed = cli(['users', 'list', '--state', state]);
  assert.match(listed, /alice\s+approver\s+alice@example.com/);
  assert.ok(!listed.includes(token));
  for (const f of readdirSync(state)) assert.ok(!readFileSync(join(state, f)).includes(token), `${f} does not hold the token`);

  const first = await serve(['--port', '0', '--repo', repo, '--state', state, '--cloud', 'local', '--no-poll']);
  children.push(first.child);
  const auth = { authorization: `Bearer ${token}` };
  const run = await waitFor('a run awaiting approval', async () => {
    const res = await fetch(`${first.url}/api/runs`, { headers: auth });
    const runs = ((await res.json()) as { runs: { id: string; status: string }[] }).runs;
    return runs[0]?.status === 'awaiting-approval' ? runs[0] : undefined;
  });
  assert.equal((await fetch(`${first.url}/api/runs`)).status, 401);
  first.child.kill('SIGTERM');
  assert.equal(await stopped(first.child), 0);
  assert.match(first.out(), /SIGTERM: stopping/);
  assert.ok(!first.out().includes(token), 'the token is not in the log');

  const second = await serve(['--port', '0', '--repo', repo, '--state', state, '--cloud', 'local', '--no-poll']);
  children.push(second.child);
  const res = await fetch(`${second.url}/api/runs/${run.id}/approve`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ comment: 'from the CLI test' }) });
  assert.equal(res.status, 202, await res.text());
  const done = await waitFor('the run to finish', async () => {
    const r = (await (await fetch(`${second.url}/api/runs/${run.id}`, { headers: auth })).json()) as { status: string };
    return r.status === 'awaiting-approval' || r.status === 'running' ? undefined : r.status;
  });
  assert.equal(done, 'succeeded');
  assert.equal(((await (await fetch(`${second.url}/api/runs`, { headers: auth })).json()) as { runs: unknown[] }).runs.length, 1, 'the restart did not start a second run for the same commit');
  second.child.kill('SIGTERM');
  assert.equal(await stopped(second.child), 0);
});
