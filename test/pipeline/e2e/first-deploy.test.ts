import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { decide, lastApprovedParameter, runView, startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

let fx: PipelineFixture;
before(async () => {
  fx = await pipelineFixture();
});
after(async () => fx.stop());

const creds = { accessKeyId: '000000000000', secretAccessKey: 'x' };
const cfn = (region: string) => new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: creds });

async function stackStatus(region: string, name: string): Promise<string | undefined> {
  try {
    const out = await cfn(region).send(new DescribeStacksCommand({ StackName: name }));
    return out.Stacks?.[0]?.StackStatus;
  } catch {
    return undefined;
  }
}

test('first deploy: preview, stage, wait for approval, approve, roll out primary then secondaries, record', async () => {
  const started = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(started.status, 'awaiting-approval', started.reason);
  // Preview left nothing behind in production; the stage stacks exist in the primary only.
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    assert.equal(await stackStatus(region, 'shop-config'), undefined, `no production stack yet in ${region}`);
  }
  assert.equal(await stackStatus('us-east-1', 'shop-config-stage'), 'CREATE_COMPLETE');
  assert.equal(await stackStatus('us-east-1', 'shop-app-stage'), 'CREATE_COMPLETE');
  assert.equal(await stackStatus('us-west-2', 'shop-app-stage'), undefined);

  const done = await decide(fx.deps, started.runId, { kind: 'approved', by: 'alice@example.com', comment: 'looks good' });
  assert.equal(done.status, 'succeeded', done.reason);
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    assert.equal(await stackStatus(region, 'shop-config'), 'CREATE_COMPLETE', region);
    assert.equal(await stackStatus(region, 'shop-app'), 'CREATE_COMPLETE', region);
    const ssm = new SSMClient({ region, endpoint: fx.cloud.endpoint, credentials: creds });
    const record = await ssm.send(new GetParameterCommand({ Name: lastApprovedParameter('shop-infra', 'shop-app') }));
    assert.equal(JSON.parse(record.Parameter?.Value ?? '{}').runId, started.runId);
  }
  // Primary first: every deploy event of us-east-1 comes before any of the secondaries.
  const deployRegions = fx.events
    .filter((e) => e.runId === started.runId && e.event.type === 'stage-started' && e.event.stage === 'deploy' && e.event.stack)
    .map((e) => (e.event as { region: string }).region);
  assert.deepEqual([...new Set(deployRegions)], ['us-east-1', 'us-west-2', 'eu-west-1']);

  const view = runView(fx.store, started.runId);
  assert.equal(view?.approval?.by, 'alice@example.com');
  assert.ok(view?.steps.some((s) => s.stage === 'deploy' && s.region === 'eu-west-1' && s.stack === 'shop-app' && s.status === 'succeeded'));

  // A commit that changes no template ends "no-changes", a success that deploys nothing.
  fx.commit({ 'README.md': '# shop\n' }, 'docs only');
  const again = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(again.status, 'no-changes', again.reason);
});
