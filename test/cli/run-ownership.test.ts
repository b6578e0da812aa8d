// One owner per run, and a run deploys where it started, proven with real processes: `resume` while
// `approve` is deploying is refused naming the holder (and the journal has one start, one approval
// and one end); an `approve` that points at another cloud than the run started on is refused naming
// both; a run whose process was killed is ended by `cancel`, which restores the stage and frees the
// pipeline for the next run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { startLocalCloud } from '../../src/localcloud/index.js';
import { openStore } from '../../src/store/index.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { exampleRepo } from '../helpers/example-repo.js';

const BOB = { GIT_COMMITTER_EMAIL: 'bob@example.com' };

function startLocalCloudProcess(latency: number): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'local-cloud', '--port', '0', '--latency-ms', String(latency)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec(d.toString());
      if (m?.[1]) resolve({ endpoint: m[1], stop: () => new Promise((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`local-cloud exited ${code}`)));
  });
}

/** Spawns the CLI and resolves once its output matches `until` (the child keeps running). */
function spawnUntil(args: string[], cwd: string, until: RegExp, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const closed = new Promise<number | null>((r) => child.once('close', r));
  const reached = new Promise<boolean>((resolve) => {
    const check = (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) resolve(true);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void closed.then(() => resolve(false));
  });
  return { child, reached, closed, output: () => out };
}

async function setup(t: { after: (fn: () => Promise<void>) => void }, latency = 60) {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-owner-'));
  const repo = exampleRepo(join(dir, 'repo'));
  const cloud = await startLocalCloudProcess(latency);
  t.after(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, repo, cloud };
}

test('resume while approve is deploying is refused, naming the process that holds the run', async (t) => {
  const { repo, cloud } = await setup(t);
  const run = await runCli(['run', '--endpoint', cloud.endpoint, '--json'], { cwd: repo });
  assert.equal(run.code, 3, run.stdout + run.stderr);
  const runId = (JSON.parse(run.stdout) as { id: string }).id;

  const approve = spawnUntil(['approve', runId, '--as', 'bob@example.com', '--endpoint', cloud.endpoint, '-v'], repo, /AssetsBucket AWS::S3::Bucket CREATE_IN_PROGRESS\s+us-east-1 shop-config/, BOB);
  assert.ok(await approve.reached, `approve never started deploying:\n${approve.output()}`);
  // Hold approve where it is (mid-deploy, lease held, process alive) so that a slow machine cannot let
  // it finish before resume asks; the lease lives 60 s, far longer than this pause.
  approve.child.kill('SIGSTOP');
  const resume = await runCli(['resume', runId, '--endpoint', cloud.endpoint], { cwd: repo }).finally(() => approve.child.kill('SIGCONT'));
  assert.equal(resume.code, 2, resume.stdout + resume.stderr);
  assert.match(resume.stderr, new RegExp(`run ${runId} is being stepped by process ${approve.child.pid} on `));
  assert.equal(await approve.closed, 0, approve.output());

  const store = openStore(join(repo, '.meridian', 'state.db'), { now: () => new Date().toISOString() });
  try {
    const types = store.events(runId).map((e) => e.type);
    assert.equal(types.filter((x) => x === 'approval').length, 1, 'one approval');
    assert.equal(types.filter((x) => x === 'run-finished').length, 1, 'one end');
    assert.equal(store.getRun(runId)?.status, 'succeeded');
  } finally {
    store.close();
  }
});

test('approve against another cloud than the run started on is refused, naming both targets', async (t) => {
  const { repo, cloud } = await setup(t, 5);
  const other = await startLocalCloud({ port: 0 });
  t.after(() => other.stop());
  const run = await runCli(['run', '--endpoint', cloud.endpoint, '--json'], { cwd: repo });
  assert.equal(run.code, 3, run.stdout + run.stderr);
  const runId = (JSON.parse(run.stdout) as { id: string }).id;
  const elsewhere = await runCli(['approve', runId, '--as', 'bob@example.com', '--endpoint', other.endpoint], { cwd: repo, env: BOB });
  assert.equal(elsewhere.code, 2, elsewhere.stdout + elsewhere.stderr);
  assert.match(elsewhere.stderr, new RegExp(`run ${runId} deploys to endpoint ${cloud.endpoint.toLowerCase()}, account \\d+, but this process points at endpoint ${other.endpoint.toLowerCase()}`));
  // meridian.yaml says `cloud: local`: without the flag, approve would reach the embedded localcloud.
  const embedded = await runCli(['approve', runId, '--as', 'bob@example.com'], { cwd: repo, env: BOB });
  assert.equal(embedded.code, 2, embedded.stdout + embedded.stderr);
  assert.match(embedded.stderr, /but this process points at the embedded localcloud/);
  const status = JSON.parse((await runCli(['status', runId, '--json'], { cwd: repo })).stdout) as { status: string; approval?: unknown };
  assert.equal(status.status, 'awaiting-approval', 'nothing was decided');
  assert.equal(status.approval, undefined);
});

test('a run whose process was killed is ended by cancel: stage restored, who recorded, pipeline free', async (t) => {
  const { repo, cloud } = await setup(t, 150);
  const first = spawnUntil(['run', '-v', '--endpoint', cloud.endpoint], repo, /GreeterRole AWS::IAM::Role CREATE_IN_PROGRESS/);
  assert.ok(await first.reached, first.output());
  first.child.kill('SIGKILL');
  await first.closed;
  const runId = (JSON.parse((await runCli(['status', '--json'], { cwd: repo })).stdout) as { id: string; status: string }).id;

  const refused = await runCli(['run', '--endpoint', cloud.endpoint], { cwd: repo });
  assert.equal(refused.code, 2, 'the killed run still holds the pipeline');
  assert.match(refused.stderr, new RegExp(`meridian cancel ${runId}`));

  const cancel = await runCli(['cancel', runId, '--as', 'bob@example.com', '--comment', 'stuck', '--endpoint', cloud.endpoint, '--json'], { cwd: repo, env: BOB });
  assert.equal(cancel.code, 4, cancel.stdout + cancel.stderr);
  const view = JSON.parse(cancel.stdout) as { status: string; reason: string };
  assert.equal(view.status, 'cancelled');
  assert.match(view.reason, /cancelled by bob@example.com: stuck; stage stacks deleted/);
  const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  const live = ((await cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName);
  cfn.destroy();
  assert.deepEqual(live, [], 'no stage stack of the never-approved run is left');

  const next = await runCli(['run', '--endpoint', cloud.endpoint, '--json'], { cwd: repo });
  assert.equal(next.code, 3, next.stdout + next.stderr);
});
