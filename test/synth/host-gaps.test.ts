// `meridian synth` says which settings of meridian.yaml the emitted form cannot carry out (the bake
// gate, a failure tolerance and the self-approval check on CodePipeline) instead of dropping them in
// silence: unit checks of each message, then the CLI's --json document and its text-mode stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../src/pipeline/index.js';
import { synthWarnings } from '../../src/synth/index.js';

const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/shop-infra/', import.meta.url));
const CLI = fileURLToPath(new URL('../server/fixtures/cli-from-source.mjs', import.meta.url));
const BASE = readFileSync(join(EXAMPLE_DIR, 'meridian.yaml'), 'utf8');
// The example sets no rollout key: the test's own is appended.
const withRollout = (rollout: string) => `${BASE}\nrollout:\n${rollout}\n`;

test('the bake gate is named for both forms; tolerance and self-approval only for CodePipeline', () => {
  const config = parseConfig(withRollout('  failureTolerance: 1\n  bake: { duration: 10m, alarms: [orders-backlog] }'), 'meridian.yaml');
  const sf = synthWarnings(config, 'stepfunctions');
  assert.deepEqual(sf.map((w) => w.field), ['rollout.bake']);
  assert.equal(
    sf[0]?.message,
    'the Step Functions form has no bake gate: each wave starts when the one before ends and no CloudWatch alarm is read between them (run the pipeline with meridian run or meridian serve to keep the gate)',
  );
  const cp = synthWarnings(config, 'codepipeline');
  assert.deepEqual(cp.map((w) => w.field), ['rollout.bake', 'rollout.failureTolerance', 'approval.allowSelfApproval']);
  assert.equal(cp[1]?.message, 'the CodePipeline form stops a wave at its first failed action: a failure tolerance above 0 is not honoured');
  assert.match(cp[2]?.message ?? '', /the commit's author is not refused \(grant codepipeline:PutApprovalResult to approvers only\)$/);
});

test('a pipeline the form carries out whole gets no warning', () => {
  const config = parseConfig(withRollout('  failureTolerance: 0%\n  maxConcurrent: 2'), 'meridian.yaml');
  assert.deepEqual(synthWarnings(config, 'stepfunctions'), []);
  const waveTolerance = parseConfig(withRollout('  waves: [[us-east-1], { regions: [us-west-2, eu-west-1], failureTolerance: 50% }]'), 'meridian.yaml');
  assert.deepEqual(synthWarnings(waveTolerance, 'codepipeline').map((w) => w.field), ['rollout.failureTolerance', 'approval.allowSelfApproval']);
});

test('meridian synth prints the warnings on stderr, and under --json in the document', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-synth-gaps-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(EXAMPLE_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'meridian.yaml'), withRollout('  bake: { duration: 5m, alarms: [orders-backlog] }'));
  const synth = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', CLI, 'synth', 'stepfunctions', '--no-bundle', '--config', join(dir, 'meridian.yaml'), '--out', join(dir, 'out'), ...args], { encoding: 'utf8', timeout: 120_000 });
  const text = synth();
  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stderr.split('\n').filter((l) => l.startsWith('warning: ')).length, 1, text.stderr);
  assert.ok(text.stderr.includes(`warning: ${join(dir, 'meridian.yaml')}: rollout.bake: the Step Functions form has no bake gate`), text.stderr);
  const json = synth('--json');
  assert.equal(json.status, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { warnings: { field: string }[] };
  assert.deepEqual(doc.warnings.map((w) => w.field), ['rollout.bake']);
  assert.equal(json.stderr.includes('warning:'), false, 'under --json the warnings are in the document only');
});
