// The README's main job: `npx meridian demo` walks the whole pipeline on localcloud and succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';

test('meridian demo runs every step of the story and exits 0', async () => {
  const demo = await runCli(['demo']);
  assert.equal(demo.code, 0, `${demo.stdout}\n${demo.stderr}`);
  const lines = demo.stdout.split('\n');
  for (const step of [
    'first run waits for approval: awaiting-approval',
    'first rollout: succeeded',
    'run with drift: failed',
    'rejection: rejected',
    'rollout: succeeded',
    'docs-only run: no-changes',
  ]) {
    assert.ok(demo.stdout.includes(`✓ ${step}`), `demo output lacks "✓ ${step}"`);
  }
  assert.match(demo.stdout, /drifted\s+drift\s+eu-west-1\s+shop-config\s+FeatureFlags MODIFIED/);
  assert.match(demo.stdout, /\+ OrdersDeadLetters AWS::SQS::Queue/);

  // The fixed SSM name the stage stack would claim first: refused at Validate with the rule, its line and the fix.
  for (const line of [
    "  error templates/config.yaml:35:7: M1002 Name '/shop/checkout-limits' of CheckoutLimits (AWS::SSM::Parameter) would be claimed by stage stack shop-config-stage in us-east-1 and stack shop-config in us-east-1; " +
      "AWS::SSM::Parameter names are unique per account and region, so the second deployment fails. Fix: put ${AWS::StackName} in the name (the stage stack is shop-config-stage), or name it from a parameter set for the stage in meridian.yaml's stage: { parameters }",
    '  ✓ name collision refused at Validate: failed (M1002 at templates/config.yaml:35:7, no stack operation)',
    // The fix goes through Validate; the alarm set during the bake after wave 1 stops wave 2 and rolls us-east-1 back.
    '  ✓ run with the fix waits for approval: awaiting-approval',
    '  wave 1 deployed; baking 1s before wave 2, watching shop-orders-backlog in us-east-1',
    '  on call: shop-orders-backlog set to ALARM in us-east-1 (SetAlarmState, as aws cloudwatch set-alarm-state does)',
    '  skipped     deploy   us-west-2       not started: bake after wave 1 failed: alarm shop-orders-backlog is in ALARM in us-east-1 (orders backlog 250 > 100, set by hand)',
    '  ✓ bake gate: rolled-back (shop-orders-backlog in ALARM after wave 1: us-west-2, eu-west-1 not started, us-east-1 back to its approved record)',
  ]) {
    assert.ok(lines.includes(line), `demo output lacks the line\n${line}`);
  }
  assert.doesNotMatch(demo.stdout, /✗/);
});
