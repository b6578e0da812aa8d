// A `meridian run` killed with SIGKILL in the middle of a stack operation, then `meridian resume`
// from a new process: the run finishes and localcloud's operations log shows each stack created
// exactly once (the resumed step re-attached to the operation it had started).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/run-cli.js';
import { exampleRepo } from '../helpers/example-repo.js';


function startLocalCloudProcess(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'local-cloud', '--port', '0', '--latency-ms', '150'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec(d.toString());
      if (m?.[1]) resolve({ endpoint: m[1], stop: () => new Promise((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`local-cloud exited ${code}`)));
  });
}

test('kill -9 during a stack operation, then resume: the run finishes, one create per stack', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-resume-'));
  const repo = exampleRepo(join(dir, 'repo'));
  const cloud = await startLocalCloudProcess();
  t.after(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Start the run and kill it as soon as the stage deploy of shop-app has begun.
  const child = spawn(process.execPath, [BIN, 'run', '-v', '--endpoint', cloud.endpoint], { cwd: repo, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const killed = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/GreeterRole AWS::IAM::Role CREATE_IN_PROGRESS/.test(out) && child.exitCode === null) {
        child.kill('SIGKILL');
        resolve(true);
      }
    });
    child.once('exit', () => resolve(false));
  });
  assert.ok(killed, `the run ended before it could be killed:\n${out}`);
  await new Promise((r) => child.once('close', r));

  const status = JSON.parse((await runCli(['status', '--json'], { cwd: repo })).stdout) as { id: string; status: string };
  assert.equal(status.status, 'running', 'the killed run is left running, to be resumed');

  const resumed = await runCli(['resume', '--endpoint', cloud.endpoint, '--json'], { cwd: repo });
  assert.equal(resumed.code, 3, resumed.stdout + resumed.stderr);
  assert.deepEqual((JSON.parse(resumed.stdout) as { runId: string; status: string }[]).map((r) => [r.runId, r.status]), [[status.id, 'awaiting-approval']]);

  const ops = (await (await fetch(`${cloud.endpoint}/_localcloud/operations`)).json()) as { action: string; stackName?: string; region: string }[];
  const executes = ops.filter((o) => o.action === 'ExecuteChangeSet' && o.region === 'us-east-1');
  assert.deepEqual(executes.map((o) => o.stackName).sort(), ['shop-app-stage', 'shop-config-stage'], 'each stage stack executed exactly once');
});
