// Exactly-once Deploy: a process deploying the fleet is killed with SIGKILL at three different points
// (mid-operation in the first wave, between stacks of the first wave, while wave 2 runs two regions
// at once); `continueRun` finishes the run, and localcloud's operations log shows exactly one
// ExecuteChangeSet per stack x region and never a CreateStack/UpdateStack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud } from '../../../src/localcloud/index.js';
import { continueRun, RunRefused, startRun, type PipelineDeps, type PipelineEvent } from '../../../src/pipeline/index.js';
import { openStore } from '../../../src/store/index.js';
import { cloudDepsFor } from '../../helpers/cloud-deps.js';
import { exampleRepo, git } from '../../helpers/example-repo.js';
import { FLEET, fleetConfig, operations } from './fleet.js';

const CHILD = fileURLToPath(new URL('./deploy-child.ts', import.meta.url));
const ROLLOUT = '  waves: [[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2]]\n  maxConcurrent: 2';

type Event = { runId: string; event: PipelineEvent & Record<string, unknown> };

async function killDuringDeploy(t: { after: (fn: () => Promise<void> | void) => void }, when: (e: Event['event']) => boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-rollout-resume-'));
  const repo = exampleRepo(join(dir, 'repo'), { 'meridian.yaml': fleetConfig(ROLLOUT).replace('approval: { required: false }', 'approval: { required: true }') });
  // Slow enough that operations are seen in progress.
  const cloud = await startLocalCloud({ port: 0, latencyMs: 40 });
  const db = join(dir, 'state.db');
  const store = openStore(db, { now: () => new Date().toISOString() });
  const deps: PipelineDeps = { store, cloud: cloudDepsFor(cloud.endpoint), now: () => Date.now(), random: Math.random, sink: () => {}, workDir: join(dir, 'work'), endpoint: cloud.endpoint, env: {} };
  t.after(async () => {
    deps.cloud.pool.destroy();
    store.close();
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const started = await startRun(deps, { repo, ref: 'main' });
  assert.equal(started.status, 'awaiting-approval', started.reason);

  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, cloud.endpoint, db, deps.workDir, started.runId], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffer = '';
  const killed = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const parsed = JSON.parse(line) as Event | { done: unknown };
        if ('event' in parsed && when(parsed.event) && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve(true);
        }
      }
    });
    child.once('exit', () => resolve(false));
  });
  assert.ok(killed, 'the deploy ended before the kill point');
  await new Promise((r) => child.once('close', r));
  assert.equal(store.getRun(started.runId)?.status, 'running', 'the killed run is left running');
  // A newer commit never supersedes a deploying run (even one whose process died): it is refused.
  git(repo, ['commit', '-q', '--allow-empty', '-m', 'newer']);
  await assert.rejects(startRun(deps, { repo, ref: 'main' }), (e: unknown) => e instanceof RunRefused && e.code === 'RUN_IN_PROGRESS');

  const resumed = await continueRun(deps, started.runId);
  assert.equal(resumed.status, 'succeeded', resumed.reason);
  const ops = await operations(cloud.endpoint);
  for (const region of FLEET) {
    for (const stack of ['shop-config', 'shop-app']) {
      const mine = ops.filter((o) => o.region === region && o.stackName === stack);
      assert.equal(mine.filter((o) => o.action === 'ExecuteChangeSet').length, 1, `${stack} in ${region}: one execute`);
      assert.deepEqual(mine.filter((o) => o.action === 'CreateStack' || o.action === 'UpdateStack'), [], `${stack} in ${region}: no other create or update`);
    }
  }
}

const deploying = (e: Event['event'], region: string, stack?: string) => e.stage === 'deploy' && e.region === region && (stack === undefined || e.stack === stack);

test('kill -9 while the first stack of the first wave is being created, then resume', async (t) => {
  await killDuringDeploy(t, (e) => e.type === 'resource' && deploying(e, 'us-east-1', 'shop-config') && e.status === 'CREATE_IN_PROGRESS');
});

test('kill -9 right after a stack of the first wave finished, before its dependent starts', async (t) => {
  await killDuringDeploy(t, (e) => e.type === 'stage-finished' && deploying(e, 'us-east-1', 'shop-config'));
});

test('kill -9 while wave 2 deploys two regions at once, then resume', async (t) => {
  await killDuringDeploy(t, (e) => e.type === 'resource' && deploying(e, 'eu-west-1', 'shop-app') && e.status === 'CREATE_IN_PROGRESS');
});
