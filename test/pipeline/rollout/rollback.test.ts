// `rollout.onFailure: rollback` on localcloud: a wave fails beyond tolerance, and every region the
// run changed goes back to its last approved artifact; a stack the run created is deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRun, type RegionRollback } from '../../../src/pipeline/index.js';
import { admin, fleetConfig, fleetFixture, stackOf, templateOf } from './fleet.js';

const ROLLOUT = '  waves: [[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2]]\n  maxConcurrent: 1\n  onFailure: rollback';
const EXTRA = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Alerts:\n    Type: AWS::SNS::Topic\n';

test('a wave over tolerance rolls back the regions this run changed; stacks it created are deleted', async (t) => {
  const fx = await fleetFixture(ROLLOUT);
  t.after(() => fx.stop());
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'succeeded', first.reason);

  const app = readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8');
  assert.ok(app.includes('MessageRetentionPeriod: 345600'));
  const config = fleetConfig(ROLLOUT).replace('stage: {', '  - name: shop-extra\n    template: templates/extra.yaml\nstage: {');
  fx.commit({ 'templates/app.yaml': app.replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600'), 'templates/extra.yaml': EXTRA, 'meridian.yaml': config }, 'retention and alerts');
  await admin(fx, 'faults', { region: 'eu-west-1', resourceType: 'AWS::SQS::Queue', operation: 'update', message: 'Queue is busy' });

  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'rolled-back', run.reason);
  assert.equal(run.reason, 'deployment failed in eu-west-1; not started: ap-southeast-2; rolled back: eu-west-1, us-west-2, us-east-1');
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    assert.match(await templateOf(fx, region, 'shop-app'), /MessageRetentionPeriod: 345600/, `${region} runs the approved template again`);
    assert.equal(await stackOf(fx, region, 'shop-extra'), undefined, `${region}: the stack this run created is gone`);
  }
  assert.equal((await stackOf(fx, 'eu-west-1', 'shop-app'))?.status, 'UPDATE_ROLLBACK_COMPLETE', 'CloudFormation had already undone the failed update');
  assert.equal((await stackOf(fx, 'us-west-2', 'shop-app'))?.status, 'UPDATE_COMPLETE');
  assert.match(await templateOf(fx, 'ap-southeast-2', 'shop-app'), /MessageRetentionPeriod: 345600/, 'the wave that never started was not touched');

  const report = fx.store.getRun(run.runId)?.data.rollback as RegionRollback[];
  const actions = Object.fromEntries(report.map((r) => [r.region, Object.fromEntries(r.stacks.map((s) => [s.stack, s.action]))]));
  assert.deepEqual(actions, {
    'eu-west-1': { 'shop-extra': 'deleted', 'shop-app': 'unchanged' },
    'us-west-2': { 'shop-extra': 'deleted', 'shop-app': 'redeployed' },
    'us-east-1': { 'shop-extra': 'deleted', 'shop-app': 'redeployed' },
  });
  assert.ok(report.every((r) => r.status === 'rolled-back'));
  // The approved record still points at the first run: a rolled-back run approves nothing.
  assert.equal(fx.store.getLastApproved('shop-infra', 'shop-app', 'us-west-2')?.runId, first.runId);
});
