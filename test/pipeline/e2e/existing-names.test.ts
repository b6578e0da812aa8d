// M1004, on by default: before anything deploys, the Validate stage asks each target whether a name a
// template fixes is already taken there by something its stack does not own (an SSM parameter made by
// hand), and refuses the run at the template's line; the stack's own resources are not mistaken for
// someone else's on the next run; a cloud that refuses the lookup leaves the name unchecked, said in a
// warning, and the run goes on. localcloud over HTTP, real SQLite, a real git repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { decide, startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';
import { cloudDepsFor } from '../../helpers/cloud-deps.js';
import { interceptingProxy, jsonError } from '../../helpers/intercepting-proxy.js';

const TAKEN = '/shop/shop-config/feature-flags';

async function ssm(fx: PipelineFixture, region: string, command: PutParameterCommand | DeleteParameterCommand): Promise<void> {
  const client = new SSMClient({ region, endpoint: fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  try {
    await client.send(command as PutParameterCommand);
  } finally {
    client.destroy();
  }
}

const logs = (fx: PipelineFixture, runId: string) =>
  fx.events.filter((e) => e.runId === runId && e.event.type === 'log').map((e) => (e.event as { message: string }).message);

async function creates(fx: PipelineFixture): Promise<string[]> {
  const ops = (await (await fetch(`${fx.cloud.endpoint}/_localcloud/operations`)).json()) as { service: string; action: string; region: string; stackName?: string }[];
  return ops.filter((o) => o.service === 'cloudformation' && /^Create/.test(o.action)).map((o) => `${o.action} ${o.region} ${o.stackName ?? ''}`);
}

test('a parameter made by hand where production would create one: the run is refused at Validate, at the line, before any stack operation', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  await ssm(fx, 'us-west-2', new PutParameterCommand({ Name: TAKEN, Type: 'String', Value: 'made by hand' }));

  const refused = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(refused.status, 'failed');
  assert.match(refused.reason ?? '', /M1004/);
  const line = logs(fx, refused.runId).find((l) => l.includes(' M1004 '));
  assert.equal(
    line,
    `templates/config.yaml:28:7: M1004 Name '${TAKEN}' of FeatureFlags (AWS::SSM::Parameter) already exists for stack shop-config in us-west-2 and does not belong to that stack, so creating it fails. Fix: pick a name nobody holds (e.g. with \${AWS::StackName} and \${AWS::Region} in it), or delete or import the existing one`,
  );
  assert.deepEqual(await creates(fx), [], 'no change set and no stack was created');

  // The parameter goes; the run goes through; the next run does not take the stack's own parameters for someone else's.
  await ssm(fx, 'us-west-2', new DeleteParameterCommand({ Name: TAKEN }));
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'awaiting-approval', first.reason);
  assert.equal((await decide(fx.deps, first.runId, { kind: 'approved', by: 'alice@example.com' })).status, 'succeeded');
  const config = readFileSync(join(fx.repo, 'templates/config.yaml'), 'utf8');
  fx.commit({ 'templates/config.yaml': config.replace('checkout=on,search=on', 'checkout=on,search=off') }, 'search off');
  const second = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(second.status, 'awaiting-approval', second.reason);
  assert.equal(logs(fx, second.runId).filter((l) => l.includes('M1004')).length, 0, 'its own parameters are not findings');
});

test('validation.checkExistingNames: false asks nothing, and the run is not held at Validate', async (t) => {
  const base = readFileSync(join(process.cwd(), 'examples/shop-infra/meridian.yaml'), 'utf8');
  const fx = await pipelineFixture({ 'meridian.yaml': base.replace(/^validation: .*$/m, 'validation: { failOn: error, checkExistingNames: false }') });
  t.after(() => fx.stop());
  await ssm(fx, 'us-west-2', new PutParameterCommand({ Name: TAKEN, Type: 'String', Value: 'made by hand' }));
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  assert.equal(logs(fx, run.runId).filter((l) => l.includes('M1004')).length, 0);
});

test('a lookup the cloud refuses leaves the name unchecked, with a warning that says so, and the run goes on', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  // SSM as AWS answers a principal without ssm:GetParameter.
  const proxy = await interceptingProxy(fx.cloud.endpoint, (req) =>
    req.headers['x-amz-target'] === 'AmazonSSM.GetParameter' ? jsonError(400, 'AccessDeniedException', 'User is not authorized to perform: ssm:GetParameter') : undefined,
  );
  t.after(() => proxy.close());
  const run = await startRun({ ...fx.deps, cloud: cloudDepsFor(proxy.endpoint), endpoint: proxy.endpoint }, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'awaiting-approval', run.reason);
  assert.ok(proxy.answered() >= 4, `each deployment's parameter was asked about (${proxy.answered()})`);
  const warning = logs(fx, run.runId).find((l) => l.startsWith('M1004 not checked: whether /shop/shop-config/feature-flags is taken in us-west-2'));
  assert.equal(
    warning,
    'M1004 not checked: whether /shop/shop-config/feature-flags is taken in us-west-2 (AccessDeniedException: User is not authorized to perform: ssm:GetParameter); set validation.checkExistingNames: false to stop asking',
  );
});
