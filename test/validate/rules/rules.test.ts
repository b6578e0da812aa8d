// Every built-in rule has a bad fixture it flags and a good fixture it leaves alone
// (test/validate/fixtures/rules/<ID>.bad.yaml and <ID>.good.yaml): one test per rule. What a
// rule reports on its bad fixture (line, column and message of each of its own findings) is
// kept in test/validate/snapshots/rule-fixtures.snap, reviewed like code;
// `MERIDIAN_UPDATE_SNAPSHOTS=1` rewrites it after an intended change.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createValidator } from '../../../src/validate/index.js';
import { SNAPSHOT_DIR, findingLines } from '../snapshot-text.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
const SNAPSHOT = join(SNAPSHOT_DIR, 'rule-fixtures.snap');
const update = process.env.MERIDIAN_UPDATE_SNAPSHOTS === '1';
// Info-level rules are opt-in (include_checks), so the fixtures run with everything included.
const validator = createValidator({ discoverConfig: false, regions: ['us-east-1'], settings: { include: ['E', 'W', 'I', 'F', 'M'] } });

/** Fixtures too large to keep in the repository are built here. */
const GENERATED: Record<string, () => string> = {
  // Over CloudFormation's 1,000,000-byte limit for a template read from S3.
  E1002: () => `AWSTemplateFormatVersion: '2010-09-09'\nDescription: ${'x'.repeat(1_000_100)}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n`,
};

function fixture(id: string, kind: 'bad' | 'good'): string {
  if (kind === 'bad' && GENERATED[id]) return (GENERATED[id] as () => string)();
  const file = join(FIXTURES, `${id}.${kind}.yaml`);
  assert.ok(existsSync(file), `missing fixture ${file}`);
  return readFileSync(file, 'utf8');
}

/** The snapshot's blocks by rule id: `## ID` then that rule's findings on its bad fixture. */
function readBlocks(): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  if (!existsSync(SNAPSHOT)) return blocks;
  let current: string[] | undefined;
  for (const line of readFileSync(SNAPSHOT, 'utf8').split('\n')) {
    if (line.startsWith('## ')) blocks.set(line.slice(3), (current = []));
    else if (current && line !== '') current.push(line);
  }
  return blocks;
}

const kept = readBlocks();
const seen = new Map<string, string[]>();

for (const rule of validator.rules()) {
  test(`${rule.id} (${rule.source}): flags its bad fixture at the reviewed lines and messages, not its good one`, () => {
    const bad = validator.validateText(fixture(rule.id, 'bad'), join(FIXTURES, `${rule.id}.bad.yaml`)).findings;
    const own = bad.filter((f) => f.ruleId === rule.id && f.line >= 1);
    assert.ok(own.length > 0, `${rule.id} not reported on its bad fixture; got ${bad.map((f) => f.ruleId).join(', ') || 'nothing'}`);
    const lines = findingLines(own);
    seen.set(rule.id, lines);
    if (!update) assert.deepEqual(lines, kept.get(rule.id) ?? ['(not in rule-fixtures.snap)'], `${rule.id}: findings on its bad fixture differ from test/validate/snapshots/rule-fixtures.snap`);
    const good = validator.validateText(fixture(rule.id, 'good'), join(FIXTURES, `${rule.id}.good.yaml`)).findings;
    assert.deepEqual(good.filter((f) => f.ruleId === rule.id).map((f) => `${f.line}: ${f.message}`), []);
  });
}

after(() => {
  if (!update) return;
  const ids = [...seen.keys()].sort();
  const text = ['# Each rule\'s own findings on its bad fixture (test/validate/fixtures/rules/<ID>.bad.yaml)', '', ...ids.flatMap((id) => [`## ${id}`, ...(seen.get(id) ?? []), ''])].join('\n');
  writeFileSync(SNAPSHOT, text);
});
