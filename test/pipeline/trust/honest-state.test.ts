// State tells the truth: the cell of a step that failed validation, found drift or failed a deploy
// ends failed (or warned) with its reason, in the run view the CLI, API and dashboard render. And
// drift where the cloud has none: an endpoint answering 501 marks every resource NOT_CHECKED
// without retrying, `warn` and `block` go on, `requireChecked` blocks, `enabled: false` skips it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { decide, runView, startRun, type RunView } from '../../../src/pipeline/index.js';
import { cloudDepsFor } from '../../helpers/cloud-deps.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';
import { interceptingProxy, queryError } from '../../helpers/intercepting-proxy.js';

const ALICE = 'alice@example.com';
const config = (fx: PipelineFixture) => readFileSync(join(fx.repo, 'meridian.yaml'), 'utf8');
const cell = (view: RunView | undefined, stage: string, region?: string, stack?: string) =>
  view?.steps.find((s) => s.stage === stage && s.region === region && s.stack === stack && !(stage === 'deploy' && !stack && s.status === 'running'));

async function approvedOnce(fx: PipelineFixture): Promise<void> {
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'awaiting-approval', first.reason);
  assert.equal((await decide(fx.deps, first.runId, { kind: 'approved', by: ALICE })).status, 'succeeded');
}

test('a run that fails validation shows the validate cell failed, with why, and stages nothing', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  const app = readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8').replace('      MessageRetentionPeriod: 345600', '      MessageRetentionPeriod: 345600\n      NotAProperty: 1');
  fx.commit({ 'templates/app.yaml': app }, 'bad property');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'failed');
  const view = runView(fx.store, run.runId);
  const validate = cell(view, 'validate');
  assert.equal(validate?.status, 'failed');
  assert.match(validate?.reason ?? '', /validation found \d+ error\(s\); policy failOn=error/);
  assert.ok(view?.validation?.findings.some((f) => (f as { ruleId: string; line: number }).ruleId === 'E3002'), 'the findings are in the view');
  assert.equal(view?.steps.some((s) => s.stage === 'stage'), false, 'nothing was staged');
});

test('drift that blocks shows that drift cell failed and the others in sync; a failed deploy shows its region and stack failed', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  await approvedOnce(fx);
  const ssm = new SSMClient({ region: 'eu-west-1', endpoint: fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'edited-by-hand', Type: 'String', Overwrite: true }));
  ssm.destroy();
  fx.commit({ 'meridian.yaml': config(fx).replace('Greeting: hello', 'Greeting: howdy') }, 'greeting');
  const blocked = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(blocked.status, 'failed');
  let view = runView(fx.store, blocked.runId);
  assert.equal(cell(view, 'drift', 'eu-west-1', 'shop-config')?.status, 'failed');
  assert.match(cell(view, 'drift', 'eu-west-1', 'shop-config')?.reason ?? '', /drift detected on shop-config@eu-west-1 \(drift.onDrift: block\)/);
  assert.equal(cell(view, 'drift', 'us-east-1', 'shop-config')?.status, 'succeeded');
  assert.deepEqual(view?.drift.find((d) => d.region === 'eu-west-1' && d.stack === 'shop-config')?.drifted, ['FeatureFlags']);

  // The drift goes (the value back), then a deploy fails in us-west-2.
  const back = new SSMClient({ region: 'eu-west-1', endpoint: fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  await back.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'checkout=on,search=on', Type: 'String', Overwrite: true }));
  back.destroy();
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  if (run.status !== 'awaiting-approval') assert.fail(`expected to await approval: ${run.reason}`);
  await fetch(`${fx.cloud.endpoint}/_localcloud/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ region: 'us-west-2', resourceType: 'AWS::Lambda::Function', operation: 'update', message: 'Function limit exceeded' }) });
  const failed = await decide(fx.deps, run.runId, { kind: 'approved', by: ALICE });
  assert.equal(failed.status, 'failed');
  view = runView(fx.store, run.runId);
  assert.equal(cell(view, 'deploy', 'us-west-2')?.status, 'failed');
  assert.match(cell(view, 'deploy', 'us-west-2')?.reason ?? '', /shop-app: UPDATE_ROLLBACK_COMPLETE: .*Function limit exceeded/);
  assert.equal(cell(view, 'deploy', 'us-west-2', 'shop-app')?.status, 'failed');
  assert.equal(cell(view, 'deploy', 'us-east-1')?.status, 'succeeded');
  assert.equal(cell(view, 'deploy', 'eu-west-1')?.status, 'skipped');
  assert.ok(view?.outputs.some((o) => o.region === 'us-east-1' && o.stack === 'shop-app'), 'outputs of what deployed are shown');
});

/** A proxy to localcloud that answers DetectStackDrift as LocalStack does: HTTP 501. */
const noDriftEndpoint = (target: string) =>
  interceptingProxy(target, (req) =>
    req.body.includes('Action=DetectStackDrift') ? queryError(501, 'InternalFailure', "API action 'DetectStackDrift' for service 'cloudformation' not yet emulated") : undefined,
  );

test('an endpoint without drift detection: NOT_CHECKED with the reason, no retries; warn and block go on, requireChecked blocks', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  await approvedOnce(fx);
  const proxy = await noDriftEndpoint(fx.cloud.endpoint);
  t.after(() => proxy.close());
  const deps = { ...fx.deps, cloud: cloudDepsFor(proxy.endpoint), endpoint: proxy.endpoint };
  fx.commit({ 'meridian.yaml': config(fx).replace('Greeting: hello', 'Greeting: howdy') }, 'greeting');
  const run = await startRun(deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  assert.equal(proxy.answered(), 6, 'one DetectStackDrift per stack x region: a 501 is not retried');
  const view = runView(fx.store, run.runId);
  const drift = cell(view, 'drift', 'us-west-2', 'shop-app');
  assert.equal(drift?.status, 'warned');
  assert.match(drift?.reason ?? '', /resources not checked for drift on shop-app@us-west-2 \(the endpoint has no drift detection: HTTP 501: .*not yet emulated\); continuing/);
  assert.ok((view?.drift.find((d) => d.region === 'us-west-2' && d.stack === 'shop-app')?.notChecked.length ?? 0) > 0);
  assert.equal((await decide(deps, run.runId, { kind: 'rejected', by: ALICE })).status, 'rejected');

  fx.commit({ 'meridian.yaml': config(fx).replace('drift: { onDrift: block }', 'drift: { onDrift: block, requireChecked: true }') }, 'require checked');
  const strict = await startRun(deps, { repo: fx.repo, ref: 'main' });
  assert.equal(strict.status, 'failed');
  assert.match(strict.reason ?? '', /\(drift.requireChecked: true\)/);

  fx.commit({ 'meridian.yaml': config(fx).replace('drift: { onDrift: block, requireChecked: true }', 'drift: { enabled: false }') }, 'no drift stage');
  const before = proxy.answered();
  const off = await startRun(deps, { repo: fx.repo, ref: 'main' });
  assert.equal(off.status, 'awaiting-approval', off.reason);
  assert.equal(proxy.answered(), before, 'drift: { enabled: false } asks nothing');
  assert.equal(runView(fx.store, off.runId)?.steps.some((s) => s.stage === 'drift'), false);
});
