// Stack outputs after a deploy (issue 17 item 4): `approve` that carries a run to production prints
// each region's stack outputs at the end, `status` shows them again, and `--json` carries them as
// `outputs: [{ region, stack, outputs }]`. A run that only reached the stage prints none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

const DEV = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
const QUEUE = (region: string) => new RegExp(`^    QueueUrl  https://sqs\\.${region}\\.amazonaws\\.com/\\d{12}/outs-app-WorkQueue-[A-Z0-9]+$`);

/** The lines from `Outputs:` to the end. */
const outputBlock = (stdout: string) => stdout.trimEnd().split('\n').slice(stdout.trimEnd().split('\n').indexOf('Outputs:'));

function assertOutputs(lines: string[]): void {
  assert.equal(lines[0], 'Outputs:');
  assert.deepEqual(lines.filter((_, i) => i % 2 === 1).map((l) => l.trim().split(/\s+/)), [['us-east-1', 'outs-app'], ['us-west-2', 'outs-app'], ['eu-west-1', 'outs-app']]);
  ['us-east-1', 'us-west-2', 'eu-west-1'].forEach((r, i) => assert.match(lines[2 + 2 * i] ?? '', QUEUE(r)));
  assert.equal(lines.length, 7);
}

test('approve prints the stack outputs of every region after the deploy; status repeats them; --json has them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-outputs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...DEV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  assert.equal((await runCli(['init', '--pipeline', 'outs'], { cwd: dir })).code, 0);
  git('add', '-A');
  git('commit', '-q', '-m', 'init');

  const run = await runCli(['run'], { cwd: dir, env: DEV });
  assert.equal(run.code, 3, run.stdout + run.stderr);
  assert.ok(!run.stdout.includes('Outputs:'), 'nothing is in production yet');
  const runId = /run (r\d{8}T\d{6}-[0-9a-f]{4}) awaits approval/.exec(run.stdout)?.[1] ?? '';

  const approved = await runCli(['approve', runId, '--as', 'alice@example.com'], { cwd: dir, env: { ...DEV, GIT_COMMITTER_EMAIL: 'alice@example.com' } });
  assert.equal(approved.code, 0, approved.stdout + approved.stderr);
  const lines = outputBlock(approved.stdout);
  assertOutputs(lines);
  assert.match(approved.stdout, new RegExp(`■ run ${runId} succeeded\nOutputs:\n`));

  const status = await runCli(['status', runId], { cwd: dir });
  assert.deepEqual(outputBlock(status.stdout), lines);
  const view = JSON.parse((await runCli(['status', runId, '--json'], { cwd: dir })).stdout) as { outputs: { region: string; stack: string; outputs: Record<string, string> }[] };
  assert.deepEqual(view.outputs.map((o) => [o.region, o.stack, Object.keys(o.outputs)]), [
    ['us-east-1', 'outs-app', ['QueueUrl']],
    ['us-west-2', 'outs-app', ['QueueUrl']],
    ['eu-west-1', 'outs-app', ['QueueUrl']],
  ]);
  assert.equal(`    QueueUrl  ${view.outputs[0]?.outputs.QueueUrl}`, lines[2]);
});
