// Every outside template must parse without a crash; parse failures are allowed only where the
// reference tool also failed to parse (cfn-lint's E0000, or E1001 for the empty file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyGraph, parseTemplate } from '../../src/template/index.js';

const ROOT = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));
const present = existsSync(join(ROOT, 'templates'));
const skip = present ? false : `conformance material not found at ${ROOT}`;

/** cfn_nag's own templates that are not CloudFormation at all; cfn_nag has no E0000 to say so. */
const CFN_NAG_PARSE_FAILURES = ['templates/cfn_nag/json/structural/rubbish.json'];

interface Expected {
  file: string;
  expected: { rule: string; line: number }[];
}

function templatesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) templatesUnder(path, out);
    else if (/\.(ya?ml|json|template)$/.test(name)) out.push(relative(ROOT, path));
  }
  return out;
}

/** Parses one template (and graphs it, which must not crash either); a problem as text, or undefined. */
function check(file: string, expected: Expected | undefined, allowedFailures: readonly string[]): string | undefined {
  const result = parseTemplate(readFileSync(join(ROOT, file), 'utf8'), file);
  if (result.ok) {
    dependencyGraph(result.template.body);
    if (expected?.expected.some((e) => e.rule === 'E0000')) return `${file}: parsed, but cfn-lint reports E0000`;
    if (allowedFailures.includes(file)) return `${file}: parsed, but it is listed as a parse failure`;
    return undefined;
  }
  const codes = result.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).join(', ');
  if (allowedFailures.includes(file)) return undefined;
  const allowed = expected?.expected.filter((e) => e.rule === 'E0000' || (e.rule === 'E1001' && result.diagnostics[0]?.code === 'E1001')) ?? [];
  if (allowed.length === 0) return `${file}: parse failed (${codes}), cfn-lint parsed it`;
  // cfn-lint and the yaml library may point one line apart at the same syntax error.
  const line = result.diagnostics[0]?.range.start.line ?? 0;
  if (!allowed.some((e) => Math.abs(e.line - line) <= 1)) return `${file}: failed at ${codes}, cfn-lint at ${allowed.map((e) => e.line).join(', ')}`;
  return undefined;
}

const expectations = () => {
  const list = JSON.parse(readFileSync(join(ROOT, 'cfn-lint-expected.json'), 'utf8')) as Expected[];
  return new Map(list.map((e) => [e.file, e]));
};

for (const group of ['cfn-lint', 'real-world', 'cfn_nag']) {
  test(`conformance templates/${group}: parse without crash, fail only where expected`, { skip }, () => {
    const byFile = expectations();
    const files = templatesUnder(join(ROOT, 'templates', group));
    assert.ok(files.length > 40, `only ${files.length} templates found`);
    if (group !== 'cfn_nag') {
      const unlisted = files.filter((f) => !byFile.has(f));
      assert.deepEqual(unlisted, [], 'templates without a cfn-lint expectation');
    }
    const problems = files.map((f) => check(f, byFile.get(f), CFN_NAG_PARSE_FAILURES)).filter((p) => p !== undefined);
    assert.deepEqual(problems, []);
  });
}
