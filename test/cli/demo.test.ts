// The README's main job: `npx meridian demo` walks the whole pipeline on localcloud and succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';

test('meridian demo runs every step of the story and exits 0', async () => {
  const demo = await runCli(['demo']);
  assert.equal(demo.code, 0, `${demo.stdout}\n${demo.stderr}`);
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
  assert.doesNotMatch(demo.stdout, /✗/);
});
