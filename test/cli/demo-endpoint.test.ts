// `meridian demo --endpoint URL` against a localcloud started on its own (`meridian local-cloud`),
// over HTTP as LocalStack would be reached (issue 17 item 7): the whole story; a refusal to run it a
// second time on the same endpoint; and, through a proxy that answers the drift calls and CloudWatch
// with HTTP 501 as LocalStack does for what it lacks, a drift step that says drift is not checked and
// a bake gate left out with a line saying why, while the rest of the story goes on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, runCli } from '../helpers/run-cli.js';
import { interceptingProxy, jsonError, queryError } from '../helpers/intercepting-proxy.js';

let cloud: ChildProcess;
let endpoint = '';

before(async () => {
  cloud = spawn(process.execPath, [BIN, 'local-cloud', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    cloud.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    cloud.once('exit', (code) => reject(new Error(`local-cloud exited ${code}: ${out}`)));
  });
});

after(async () => {
  const exited = new Promise((r) => cloud.once('exit', r));
  cloud.kill('SIGTERM');
  await exited;
});

const DRIFT_ACTIONS = /Action=(DetectStackDrift|DescribeStackDriftDetectionStatus|DescribeStackResourceDrifts|DetectStackResourceDrift)\b/;

// CloudWatch as SDK v3 sends it (awsJson1.0): the operation is in X-Amz-Target.
const CLOUDWATCH_TARGET = /^GraniteServiceVersion20100801\.(\w+)$/;

/** A stand-in for an endpoint without drift detection or CloudWatch: everything is passed to localcloud but those, which are "not yet implemented". */
function noDriftProxy(target: string) {
  return interceptingProxy(target, (req) => {
    const action = DRIFT_ACTIONS.exec(req.body)?.[1];
    if (action) return queryError(501, 'InternalFailure', `API action '${action}' for service 'cloudformation' not yet implemented or pro feature`);
    const cloudwatch = CLOUDWATCH_TARGET.exec(String(req.headers['x-amz-target'] ?? ''))?.[1];
    if (cloudwatch) return jsonError(501, 'InternalFailure', `API action '${cloudwatch}' for service 'monitoring' not yet implemented or pro feature`, '1.0');
    return undefined;
  });
}

const STORY = [
  'first run waits for approval: awaiting-approval',
  'first rollout: succeeded',
  'run after the fix waits for approval: awaiting-approval',
  'rejection: rejected',
  'run waits for approval: awaiting-approval',
  'rollout: succeeded',
  'docs-only run: no-changes',
  'name collision refused at Validate: failed',
  'run with the fix waits for approval: awaiting-approval',
];

test('demo --endpoint walks the whole story against a localcloud reached over HTTP', async () => {
  const demo = await runCli(['demo', '--endpoint', endpoint]);
  assert.equal(demo.code, 0, `${demo.stdout}\n${demo.stderr}`);
  assert.match(demo.stdout, new RegExp(`endpoint: ${endpoint.replace(/[.]/g, '\\.')}`));
  for (const step of [...STORY, 'run with drift: failed']) assert.ok(demo.stdout.includes(`✓ ${step}`), `demo output lacks "✓ ${step}"`);
  assert.match(demo.stdout, /drifted\s+drift\s+eu-west-1\s+shop-config\s+FeatureFlags MODIFIED/);
  const lines = demo.stdout.split('\n');
  for (const line of [
    '  ✓ name collision refused at Validate: failed (M1002 at templates/config.yaml:35:7, no stack operation)',
    '  ✓ bake gate: rolled-back (shop-orders-backlog in ALARM after wave 1: us-west-2, eu-west-1 not started, us-east-1 back to its approved record)',
  ]) {
    assert.ok(lines.includes(line), `demo output lacks the line\n${line}`);
  }

  // The same endpoint again: the stacks are there, so the story could not be told; say how to reset.
  const again = await runCli(['demo', '--endpoint', endpoint]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already has the demo's stacks .*_localcloud\/reset/);
});

test('demo --endpoint where drift and CloudWatch answer 501: drift is not checked, the bake gate is left out, and the story goes on', async (t) => {
  const reset = await fetch(`${endpoint}/_localcloud/reset`, { method: 'POST' });
  assert.ok(reset.ok);
  const proxy = await noDriftProxy(endpoint);
  t.after(() => proxy.close());
  const demo = await runCli(['demo', '--endpoint', proxy.endpoint, '--json']);
  assert.equal(demo.code, 0, `${demo.stdout}\n${demo.stderr}`);
  const doc = JSON.parse(demo.stdout) as { status: string; steps: { step: string; status: string; ok: boolean; note?: string }[] };
  assert.equal(doc.status, 'succeeded');
  const drift = doc.steps.find((s) => s.step === 'run with drift');
  assert.deepEqual([drift?.status, drift?.ok], ['awaiting-approval', true]);
  assert.match(drift?.note ?? '', /drift not checked/);
  assert.deepEqual(doc.steps.filter((s) => s.step !== 'run with drift').map((s) => `${s.step}: ${s.status}`), [...STORY, 'rollout without a bake gate: succeeded']);
  assert.equal(doc.steps.at(-1)?.note, 'the endpoint has no CloudWatch alarms');
});
