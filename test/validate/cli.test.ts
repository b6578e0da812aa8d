// `meridian validate` end to end in a child process: exit codes, formats, --list-rules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

function meridian(...args: string[]) {
  const script = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(process.argv.slice(1));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ...args], { cwd: FIXTURES, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('errors exit 1 with --fail-on error; --fail-on never exits 0', () => {
  const r = meridian('validate', 'walk');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^walk\/template.yaml:6:18: E1020 \[error\] /m);
  assert.match(r.stderr, /1 error, \d+ warnings?, 0 info findings in 2 files/);
  assert.equal(meridian('validate', 'walk', '--fail-on', 'never').code, 0);
});

test('warnings only: exit 0 with --fail-on error, 1 with --fail-on warning; cfn-lint codes on request', () => {
  const warned = 'warnings-only.yaml';
  assert.equal(meridian('validate', join('walk', 'nested', 'clean.json'), '--fail-on', 'warning').code, 0);
  assert.equal(meridian('validate', warned).code, 0);
  assert.equal(meridian('validate', warned, '--fail-on', 'warning').code, 1);
  assert.equal(meridian('validate', warned, '--cfn-lint-exit-codes').code, 4);
  assert.equal(meridian('validate', 'walk', '--cfn-lint-exit-codes').code, 6);
});

test('--format json and sarif write parseable documents', () => {
  const json = JSON.parse(meridian('validate', 'walk', '--format', 'json').stdout);
  assert.ok(json.some((x: { Rule: { Id: string } }) => x.Rule.Id === 'E1020'));
  const sarif = JSON.parse(meridian('validate', 'walk', '--format', 'sarif').stdout);
  assert.equal(sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'E1020').locations[0].physicalLocation.artifactLocation.uri, 'walk/template.yaml');
});

test('--list-rules --format json lists id, severity, shortDescription, source', () => {
  const rules = JSON.parse(meridian('validate', '--list-rules', '--format', 'json').stdout) as Record<string, string>[];
  assert.deepEqual(Object.keys(rules[0] ?? {}), ['id', 'severity', 'shortDescription', 'source']);
  const count = (source: string) => rules.filter((r) => r.source === source).length;
  assert.ok(count('cfn-lint') >= 60, `cfn-lint rules: ${count('cfn-lint')}`);
  assert.ok(count('cfn_nag') >= 40, `cfn_nag rules: ${count('cfn_nag')}`);
});

test('usage errors exit 2: missing file, bad config, no paths', () => {
  assert.equal(meridian('validate', 'no-such-file.yaml').code, 2);
  assert.equal(meridian('validate', 'walk', '--config', 'no-such-config').code, 2);
  assert.equal(meridian('validate').code, 2);
});

test('--rules-dir adds policy-as-code rules', () => {
  const r = meridian('validate', join('walk', 'nested', 'clean.json'), '--rules-dir', 'policy');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /ORG001 \[error\] Topic: use EventBridge instead of SNS/);
});

test('SARIF informationUri points at the project docs; JUnit fails warnings only with --fail-on warning', () => {
  const sarif = JSON.parse(meridian('validate', 'warnings-only.yaml', '--format', 'sarif').stdout);
  assert.match(sarif.runs[0].tool.driver.informationUri, /^(https?:\/\/|file:\/\/.*\/docs\/validate\.md$)/);
  assert.doesNotMatch(sarif.runs[0].tool.driver.informationUri, /github\.com\/meridian\/meridian/);
  assert.match(meridian('validate', 'warnings-only.yaml', '--format', 'junit').stdout, /failures="0"/);
  assert.doesNotMatch(meridian('validate', 'warnings-only.yaml', '--format', 'junit', '--fail-on', 'warning').stdout, /failures="0"/);
});

const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

test('--engine: unknown names are usage errors; the engines that ran are named on stderr', { skip: hasCfnLint ? false : 'cfn-lint is not installed on this machine' }, () => {
  const bad = meridian('validate', 'warnings-only.yaml', '--engine', 'tflint');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--engine takes meridian, cfn-lint, cfn_nag; not tflint/);
  const r = meridian('validate', 'walk/template.yaml', '--engine', 'meridian,cfn-lint', '--engine', 'cfn_nag', '--fail-on', 'never');
  assert.equal(r.code, 0);
  assert.match(r.stderr, /meridian: engine meridian ran: \d+ finding\(s\)/);
  assert.match(r.stderr, /meridian: engine cfn-lint 1\.\d+\.\d+ ran: \d+ finding\(s\)/);
  assert.match(r.stderr, /meridian: engine cfn_nag (did not run: cfn_nag_scan not found on PATH|.* ran: )/);
  assert.match(r.stdout, /walk\/template.yaml:6:18: E1020 \[error\] /);
});
