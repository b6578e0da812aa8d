// Whole-template snapshots: every conformance template's full findings (line, column, severity,
// id, message) against the reviewed files in test/validate/snapshots/. After an intended change,
// `MERIDIAN_UPDATE_SNAPSHOTS=1 node --import tsx --test test/validate/snapshots.test.ts` rewrites
// them; review the diff like code.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createValidator } from '../../src/validate/index.js';
import { CONFORMANCE_DIR, LINT_SETS, conformanceAvailable } from './conformance-score.js';
import { SNAPSHOT_DIR, lintSetSnapshot, nagSetSnapshot } from './snapshot-text.js';

const skip = conformanceAvailable() ? false : 'conformance material not found at ../shared/conformance';
const update = process.env.MERIDIAN_UPDATE_SNAPSHOTS === '1';

function compare(name: string, actual: string): void {
  const file = join(SNAPSHOT_DIR, name);
  if (update || !existsSync(file)) {
    writeFileSync(file, actual);
    if (!update) assert.fail(`snapshot ${name} was missing and has been written; review and commit it`);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (expected === actual) return;
  // Name the templates whose findings changed, not a diff of thousands of lines.
  const blocks = (t: string) => new Map(t.split('\n## ').slice(1).map((b) => [b.slice(0, b.indexOf('\n')), b]));
  const [was, now] = [blocks(expected), blocks(actual)];
  const changed = [...new Set([...was.keys(), ...now.keys()])].filter((k) => was.get(k) !== now.get(k));
  assert.fail(`findings changed for ${changed.length} template(s) in ${name} (MERIDIAN_UPDATE_SNAPSHOTS=1 to accept):\n${changed.slice(0, 10).map((k) => `--- ${k}\n${was.get(k) ?? '(absent)'}\n+++\n${now.get(k) ?? '(absent)'}`).join('\n')}`);
}

for (const set of LINT_SETS) {
  test(`snapshot: every template of ${set}`, { skip: skip || (existsSync(join(CONFORMANCE_DIR, set)) ? false : `${set} not found`) }, () => {
    compare(set.replace(/\.json$/, '.snap'), lintSetSnapshot(set));
  });
}

test('snapshot: every template of cfn_nag-expected.json', { skip }, () => {
  const validator = createValidator({ cwd: CONFORMANCE_DIR, discoverConfig: false, regions: ['us-east-1'] });
  compare('cfn_nag-expected.snap', nagSetSnapshot(validator));
});
