// Every built-in rule has a bad fixture it flags and a good fixture it leaves alone
// (test/validate/fixtures/rules/<ID>.bad.yaml and <ID>.good.yaml): one test per rule.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createValidator } from '../../../src/validate/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
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

for (const rule of validator.rules()) {
  test(`${rule.id} (${rule.source}): flags its bad fixture, not its good one`, () => {
    const bad = validator.validateText(fixture(rule.id, 'bad'), join(FIXTURES, `${rule.id}.bad.yaml`)).findings;
    assert.ok(
      bad.some((f) => f.ruleId === rule.id && f.line >= 1),
      `${rule.id} not reported on its bad fixture; got ${bad.map((f) => f.ruleId).join(', ') || 'nothing'}`,
    );
    const good = validator.validateText(fixture(rule.id, 'good'), join(FIXTURES, `${rule.id}.good.yaml`)).findings;
    assert.deepEqual(good.filter((f) => f.ruleId === rule.id).map((f) => `${f.line}: ${f.message}`), []);
  });
}
