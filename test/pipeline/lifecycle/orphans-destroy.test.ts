// Lifecycle, in-process against localcloud over HTTP, a real git repository and SQLite: stacks and a
// region taken out of meridian.yaml are reported as orphans (preview and run); `requestDestroy`
// refuses what must not go (configured, export in use, termination protection, unknown), waits for
// approval when it is required, deletes dependents first, and leaves its trail in the audit journal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { decide, DestroyRefused, previewCommit, requestDestroy, runView, startRun } from '../../../src/pipeline/index.js';
import { runDetail } from '../../../src/server/run-details.js';
import { runPage } from '../../../src/server/pages/run-page.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

const stackYaml = (name: string, extra = '') => `  - name: ${name}\n    template: templates/${name}.yaml\n${extra}`;
const CONFIG = (stacks: string, regions: string, approval: boolean) => `pipeline: life
regions: { primary: us-east-1, secondaries: [${regions}] }
stacks:
${stacks}approval: { required: ${approval}, allowSelfApproval: false }
drift: { enabled: false }
`;
const BASE = `Resources:\n  P: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: base } }\nOutputs:\n  ExportName: { Value: !Sub "\${AWS::StackName}-name" }\n  Name: { Value: !Ref P, Export: { Name: !Sub "\${AWS::StackName}-name" } }\n`;
// The stage stacks import the stage base's export: the export's name comes in as a parameter.
const USER = `Parameters:\n  BaseExport: { Type: String }\nResources:\n  P: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: !ImportValue { Ref: BaseExport } } }\n`;
const KEEP = `Resources:\n  P: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: keep } }\n`;
const ALL = stackYaml('life-base') + stackYaml('life-user', '    dependsOn: [life-base]\n    parameters: { BaseExport: { output: { stack: life-base, name: ExportName } } }\n') + stackYaml('life-keep');

let fx: PipelineFixture;
before(async () => {
  fx = await pipelineFixture({
    'meridian.yaml': CONFIG(ALL, 'us-west-2', false),
    'templates/life-base.yaml': BASE,
    'templates/life-user.yaml': USER,
    'templates/life-keep.yaml': KEEP,
  });
});
after(async () => fx.stop());

type Operation = { action: string; region: string; stackName?: string };
const operations = async () => (await (await fetch(`${fx.cloud.endpoint}/_localcloud/operations`)).json()) as Operation[];
const cfn = (region: string) => new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
async function status(region: string, name: string): Promise<string | undefined> {
  try {
    return (await cfn(region).send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
  } catch {
    return undefined;
  }
}
const refusal = (code: string) => (err: unknown) => err instanceof DestroyRefused && err.code === code;

test('removed stacks and a removed region are orphans in preview and run; destroy removes them dependents first, after approval', async () => {
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'succeeded', first.reason);
  fx.commit({ 'meridian.yaml': CONFIG(stackYaml('life-keep'), '', true) }, 'retire base, user and us-west-2');

  const report = await previewCommit(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.deepEqual(report.orphans.map((o) => [o.stack, o.region, o.why]), [
    ['life-base', 'us-east-1', 'stack-removed'],
    ['life-user', 'us-east-1', 'stack-removed'],
    ['life-base', 'us-west-2', 'region-removed'],
    ['life-keep', 'us-west-2', 'region-removed'],
    ['life-user', 'us-west-2', 'region-removed'],
  ]);
  assert.equal(report.status, 'no-changes', 'life-keep in us-east-1 is unchanged');

  // A run reports them too (its view, its cell); it does not fail for them.
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'no-changes', run.reason);
  const view = runView(fx.store, run.runId);
  assert.equal(view?.orphans?.length, 5);
  const cell = view?.steps.find((s) => s.stage === 'preview' && !s.region);
  assert.equal(cell?.status, 'warned');
  assert.match(cell?.reason ?? '', /orphan: life-user in us-east-1 .*no longer in meridian\.yaml.*meridian destroy life-user --region us-east-1/);
  // The API's run detail carries them, and the run page lists them.
  const detail = runDetail(fx.store, run.runId);
  assert.equal(detail?.orphans?.length, 5);
  const page = detail ? runPage(detail, { name: 'vic', role: 'viewer', createdAt: '' }, 'csrf', []).value : '';
  assert.match(page, /<li data-stack="life-keep" data-region="us-west-2"><strong>life-keep<\/strong> in us-west-2 \(CREATE_COMPLETE, region removed\)/);

  // Refused before anything is recorded.
  const runs = fx.store.listRuns({}).length;
  await assert.rejects(requestDestroy(fx.deps, { repo: fx.repo, ref: 'main', stacks: ['life-keep'], by: 'dev@example.com', confirmed: true }), refusal('STACK_CONFIGURED'));
  await assert.rejects(requestDestroy(fx.deps, { repo: fx.repo, ref: 'main', stacks: ['life-base'], region: 'us-east-1', by: 'dev@example.com', confirmed: true }), (err: unknown) => refusal('EXPORT_IN_USE')(err) && /life-user imports/.test((err as Error).message));
  await assert.rejects(requestDestroy(fx.deps, { repo: fx.repo, ref: 'main', stacks: ['life-nope'], by: 'dev@example.com', confirmed: true }), refusal('UNKNOWN_STACK'));
  assert.equal(fx.store.listRuns({}).length, runs, 'no run recorded for a refusal');

  // Approval is required: the request waits; its author may not approve it; another person does.
  const before = (await operations()).length;
  const asked = await requestDestroy(fx.deps, { repo: fx.repo, ref: 'main', stacks: ['life-base', 'life-user'], by: 'dev@example.com', confirmed: false });
  assert.equal(asked.kind, 'run');
  if (asked.kind !== 'run') return;
  assert.equal(asked.status, 'awaiting-approval');
  assert.deepEqual(asked.plan.targets.map((t) => `${t.stack}@${t.region}`), ['life-user@us-west-2', 'life-base@us-west-2', 'life-user@us-east-1', 'life-base@us-east-1']);
  assert.equal(await status('us-east-1', 'life-base'), 'CREATE_COMPLETE', 'nothing deleted before approval');
  await assert.rejects(decide(fx.deps, asked.runId, { kind: 'approved', by: 'dev@example.com' }), /cannot approve/);
  const done = await decide(fx.deps, asked.runId, { kind: 'approved', by: 'alice@example.com', comment: 'retired' });
  assert.equal(done.status, 'succeeded', done.reason);

  const deletes = (await operations()).slice(before).filter((o) => o.action === 'DeleteStack').map((o) => `${o.stackName}@${o.region}`);
  assert.deepEqual(deletes.map((d) => d.replace(/arn:aws:cloudformation:[^:]+:\d+:stack\/([^/]+)\/.*@/, '$1@')), ['life-user@us-west-2', 'life-base@us-west-2', 'life-user@us-east-1', 'life-base@us-east-1']);
  for (const region of ['us-east-1', 'us-west-2']) for (const s of ['life-base', 'life-user']) assert.equal(await status(region, s), undefined, `${s} in ${region}`);
  assert.equal(await status('us-west-2', 'life-keep'), 'CREATE_COMPLETE', 'what was not asked for stays');

  const audit = fx.store.listAudit({ limit: 50 }).filter((a) => a.data.runId === asked.runId).map((a) => [a.actor, a.action, a.outcome]);
  assert.deepEqual(audit.sort(), [
    ['alice@example.com', 'destroy-decision', 'approved'],
    ['dev@example.com', 'destroy', 'ok'],
    ['dev@example.com', 'destroy-request', 'awaiting-approval'],
    ['meridian', 'stack-delete', 'ok'],
    ['meridian', 'stack-delete', 'ok'],
    ['meridian', 'stack-delete', 'ok'],
    ['meridian', 'stack-delete', 'ok'],
  ]);
  assert.equal(runView(fx.store, asked.runId)?.steps.filter((s) => s.stage === 'destroy' && s.status === 'succeeded').length, 4);
});

test('termination protection: the orphan says so, and destroy refuses it naming the fix', async () => {
  await cfn('us-east-1').send(new CreateStackCommand({ StackName: 'life-guarded', TemplateBody: KEEP, EnableTerminationProtection: true, Tags: [{ Key: 'meridian:pipeline', Value: 'life' }] }));
  for (let i = 0; i < 200 && (await status('us-east-1', 'life-guarded')) !== 'CREATE_COMPLETE'; i++) await new Promise((r) => setImmediate(r));
  const report = await previewCommit(fx.deps, { repo: fx.repo, ref: 'main' });
  const orphan = report.orphans.find((o) => o.stack === 'life-guarded');
  assert.deepEqual([orphan?.region, orphan?.terminationProtection], ['us-east-1', true]);
  await assert.rejects(
    requestDestroy(fx.deps, { repo: fx.repo, ref: 'main', stacks: ['life-guarded'], by: 'dev@example.com', confirmed: true }),
    (err: unknown) => refusal('TERMINATION_PROTECTED')(err) && /update-termination-protection --no-enable-termination-protection --stack-name life-guarded --region us-east-1/.test((err as Error).message),
  );
  assert.equal(await status('us-east-1', 'life-guarded'), 'CREATE_COMPLETE');
});
