// The graph finds exactly the circular dependencies cfn-lint finds (E3004) in its own fixtures
// and the real-world templates: same resources flagged, none flagged in the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyGraph, parseTemplate } from '../../../src/template/index.js';

const ROOT = fileURLToPath(new URL('../../../../shared/conformance/', import.meta.url));
const EXPECTED = join(ROOT, 'cfn-lint-expected.json');
const skip = existsSync(EXPECTED) ? false : `conformance material not found at ${ROOT}`;

test('cycles match cfn-lint E3004 resource for resource', { skip }, () => {
  const list = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { file: string; expected: { rule: string; message: string }[] }[];
  const mismatches: string[] = [];
  let withCycles = 0;
  for (const entry of list) {
    const parsed = parseTemplate(readFileSync(join(ROOT, entry.file), 'utf8'), entry.file);
    if (!parsed.ok) continue;
    const want = entry.expected
      .filter((e) => e.rule === 'E3004')
      .map((e) => /for resource (\S+?)\.? /.exec(e.message)?.[1] ?? '?')
      .sort();
    const got = [...new Set(dependencyGraph(parsed.template.body).cycles.flat())].sort();
    if (want.length > 0) withCycles++;
    if (JSON.stringify(want) !== JSON.stringify(got)) mismatches.push(`${entry.file}: cfn-lint ${want.join(',')} / ours ${got.join(',')}`);
  }
  assert.ok(withCycles >= 5, `only ${withCycles} templates with cycles`);
  assert.deepEqual(mismatches, []);
});
