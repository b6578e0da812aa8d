// The Validate stage: the repository's own policy rules (validation.rulesDir) run beside the built-in
// ones, and `failOn` stops the run before anything is previewed or deployed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture } from '../../helpers/pipeline-fixture.js';

const POLICY = `export default {
  id: 'ORG001',
  severity: 'error',
  shortDescription: 'Queues must keep messages for at most 4 days',
  check(ctx) {
    return Object.entries(ctx.body.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::SQS::Queue' && Number(r.Properties?.MessageRetentionPeriod ?? 0) > 345600)
      .map(([id]) => ({ path: ['Resources', id, 'Properties', 'MessageRetentionPeriod'], message: id + ' keeps messages too long' }));
  },
};
`;

test('a repository policy rule at error level fails the run in Validate, with file and line', async (t) => {
  const fx = await pipelineFixture({ 'policy/retention.mjs': POLICY });
  t.after(() => fx.stop());
  const config = readFileSync(join(fx.repo, 'meridian.yaml'), 'utf8').replace('validation: { failOn: error }', 'validation: { failOn: error, rulesDir: policy }');
  const app = readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8').replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600');
  fx.commit({ 'meridian.yaml': config, 'templates/app.yaml': app }, 'long retention');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'failed');
  assert.match(run.reason ?? '', /validation found 1 error\(s\); policy failOn=error/);
  const logged = fx.events.filter((e) => e.runId === run.runId && e.event.type === 'log').map((e) => (e.event as { message: string }).message);
  assert.ok(logged.some((m) => /^templates\/app\.yaml:18:7: ORG001 OrdersQueue keeps messages too long$/.test(m)), logged.join('\n'));
  assert.equal(fx.store.getStep(run.runId, 'preview:us-east-1:shop-config'), undefined, 'nothing was previewed');
});

test('a finding of every region is logged once, naming the regions; W3002 is not reported where Meridian packages', async (t) => {
  const fx = await pipelineFixture();
  t.after(() => fx.stop());
  const config = readFileSync(join(fx.repo, 'templates/config.yaml'), 'utf8').replace('Outputs:\n', '  Widget:\n    Type: AWS::Foo::Widget\n  Code:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/x\n      Code: ./src\nOutputs:\n');
  fx.commit({ 'templates/config.yaml': config, 'templates/src/index.py': 'def handler(event, context):\n    return 1\n' }, 'an unknown type');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'failed');
  assert.match(run.reason ?? '', /validation found 1 error\(s\)/);
  const logged = fx.events.filter((e) => e.runId === run.runId && e.event.type === 'log').map((e) => (e.event as { message: string }).message);
  const e3006 = logged.filter((m) => /^templates\/config\.yaml:\d+:\d+: E3006 /.test(m));
  assert.deepEqual(e3006, ["templates/config.yaml:33:5: E3006 Resource type 'AWS::Foo::Widget' does not exist in 'us-east-1', 'us-west-2', 'eu-west-1'"]);
  assert.ok(!logged.some((m) => / W3002 /.test(m)), logged.join('\n'));
});
