// The validator API: configuration layers (.cfnlintrc, template Metadata, meridian.yaml
// settings), suppressions, regions, directory walking, parse failures and custom rules.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError, createValidator, loadCustomRules, loadPolicyRules, type Rule } from '../../src/validate/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'meridian-validate-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let repoCount = 0;

/** A copy of the config fixture as a git repository (the root is where .git is). */
function repo(): string {
  const root = join(tmp, `repo-${(repoCount += 1)}`);
  cpSync(join(FIXTURES, 'config', 'repo'), root, { recursive: true });
  mkdirSync(join(root, '.git'));
  return root;
}

const ids = (findings: { ruleId: string }[]) => [...new Set(findings.map((f) => f.ruleId))].sort();

test('E0000 with a line for a parse failure', () => {
  const v = createValidator({ discoverConfig: false });
  const report = v.validateText('Resources:\n  A:\n    Type: [unclosed\n', 'broken.yaml');
  assert.equal(report.worst, 'error');
  assert.equal(report.findings[0]?.ruleId, 'E0000');
  assert.ok((report.findings[0]?.line ?? 0) >= 1);
});

test('.cfnlintrc in the repository root: ignore_checks, regions, ignore_templates', async () => {
  const root = repo();
  const v = createValidator({ cwd: tmp });
  const report = await v.validatePaths([join(root, 'templates')]);
  assert.deepEqual(report.files, [join(root, 'templates', 'app.yaml')], 'ignored.yaml is skipped');
  assert.ok(ids(report.findings).includes('E1020'));
  assert.ok(!ids(report.findings).includes('W2001'), 'W2001 ignored by .cfnlintrc');
});

test('--config names the configuration file explicitly', () => {
  const v = createValidator({ cwd: FIXTURES, configFile: 'config/repo/.cfnlintrc' });
  const text = readFileSync(join(FIXTURES, 'config', 'repo', 'templates', 'app.yaml'), 'utf8');
  assert.ok(!ids(v.validateText(text, 'app.yaml').findings).includes('W2001'));
  const plain = createValidator({ discoverConfig: false });
  assert.ok(ids(plain.validateText(text, 'app.yaml').findings).includes('W2001'));
});

test('template and resource Metadata suppressions; cfn_nag suppression without reason is M0001', () => {
  const v = createValidator({ discoverConfig: false });
  const report = v.validateText(readFileSync(join(FIXTURES, 'suppressions.yaml'), 'utf8'), 'suppressions.yaml');
  const at = (ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.path[1]);
  assert.deepEqual(at('W7001'), [], 'template-level ignore_checks');
  assert.deepEqual(at('E1020'), ['Loud'], 'resource-level ignore_checks only covers its resource');
  // A suppression without a reason still suppresses (as in cfn_nag) but is reported itself.
  assert.deepEqual(at('W47'), ['Loud'], 'cfn_nag rules_to_suppress covers only its resource');
  assert.deepEqual(at('M0001'), ['NoReason']);
  assert.equal(report.findings.find((f) => f.ruleId === 'M0001')?.severity, 'warning');
});

test('validation settings: ignore ids, severity overrides, ignored paths', () => {
  const text = readFileSync(join(FIXTURES, 'walk', 'template.yaml'), 'utf8');
  const v = createValidator({ discoverConfig: false, settings: { ignore: ['W'], severity: { E1020: 'warning' }, ignorePaths: ['legacy/**'] } });
  const report = v.validateText(text, 'template.yaml');
  assert.deepEqual(report.findings.filter((f) => f.ruleId.startsWith('W')), [], 'ignore is a prefix, as in cfn-lint');
  assert.equal(report.findings.find((f) => f.ruleId === 'E1020')?.severity, 'warning');
  assert.equal(report.worst, 'warning');
  assert.deepEqual(v.validateText(text, 'legacy/old/template.yaml').findings, []);
});

test('info rules only with include_checks', () => {
  const info: Rule = {
    id: 'I9999', severity: 'info', shortDescription: 'demo', description: 'demo', docs: '', tags: [], source: 'custom',
    check: () => [{ path: ['Resources'], message: 'informational' }],
  };
  const text = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';
  assert.equal(createValidator({ discoverConfig: false, extraRules: [info] }).validateText(text, 't.yaml').findings.filter((f) => f.ruleId === 'I9999').length, 0);
  const on = createValidator({ discoverConfig: false, extraRules: [info], settings: { include: ['I'] } });
  assert.equal(on.validateText(text, 't.yaml').findings.filter((f) => f.ruleId === 'I9999').length, 1);
});

test('regional rules run for each region; findings are deduplicated across regions', () => {
  const v = createValidator({ discoverConfig: false });
  const text = 'Resources:\n  A:\n    Type: AWS::SNS::Topik\n    Properties:\n      TopicName: !Ref Missing\n';
  const report = v.validateText(text, 't.yaml', ['us-east-1', 'eu-west-1']);
  assert.deepEqual(report.findings.filter((f) => f.ruleId === 'E3006').map((f) => f.message.slice(-11)), ["'us-east-1'", "'eu-west-1'"]);
  assert.equal(report.findings.filter((f) => f.ruleId === 'E1020').length, 1);
});

test('directories are walked; YAML/JSON that is not a template is skipped', async () => {
  const v = createValidator({ cwd: FIXTURES, discoverConfig: false });
  const report = await v.validatePaths(['walk']);
  assert.deepEqual(report.files, [join('walk', 'nested', 'clean.json'), join('walk', 'template.yaml')]);
  assert.deepEqual(report.skipped, [join('walk', 'ci.yml'), join('walk', 'package.json')]);
  assert.ok(report.findings.every((f) => f.file === join('walk', 'template.yaml')));
});

test('findings carry file, positions, severity and source', () => {
  const v = createValidator({ discoverConfig: false });
  const f = v.validateText(readFileSync(join(FIXTURES, 'walk', 'template.yaml'), 'utf8'), 'walk/template.yaml').findings.find((x) => x.ruleId === 'E1020');
  assert.deepEqual(
    f && { file: f.file, line: f.line, column: f.column, endLine: f.endLine, severity: f.severity, source: f.source, path: f.path },
    { file: 'walk/template.yaml', line: 6, column: 18, endLine: 6, severity: 'error', source: 'cfn-lint', path: ['Resources', 'Topic', 'Properties', 'TopicName', 'Ref'] },
  );
});

test('policy as code: rule modules from a folder', async () => {
  const rules = await loadCustomRules(join(FIXTURES, 'policy'));
  assert.deepEqual(rules.map((r) => [r.id, r.source]), [['ORG001', 'custom']]);
  const v = createValidator({ discoverConfig: false, extraRules: rules });
  const found = v.validateText('Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n', 't.yaml').findings.filter((f) => f.ruleId === 'ORG001');
  assert.deepEqual(found.map((f) => [f.line, f.severity, f.message]), [[3, 'error', 'Topic: use EventBridge instead of SNS']]);
});

test('.cfnlintrc templates: the files a run without paths checks', async () => {
  const v = createValidator({ cwd: join(FIXTURES, 'config', 'listed') });
  assert.deepEqual(await v.configuredTemplates(), [join('templates', 'a.yaml')]);
});

test('ignore wins over include, as in cfn-lint', () => {
  const text = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n';
  const v = createValidator({ discoverConfig: false, settings: { include: ['E'], ignore: ['E10'] } });
  assert.deepEqual(v.validateText(text, 't.yaml').findings.filter((f) => f.ruleId.startsWith('E10')), []);
});

test('loadPolicyRules: rule modules from rulesDir; Guard rules noted as skipped without a binary', async () => {
  const { rules, notes } = await loadPolicyRules({ rulesDir: join(FIXTURES, 'policy'), guardRules: 'guard/' }, tmp);
  assert.deepEqual(rules.map((r) => r.id), ['ORG001']);
  assert.equal(notes.length, process.env.PATH?.split(':').some((d) => existsSync(join(d, 'cfn-guard'))) ? 0 : 1);
});

test('a broken .cfnlintrc is a ConfigError naming file:line:col', () => {
  const dir = join(tmp, 'bad-config');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.cfnlintrc'), 'regions:\n  - us-east-1\nregions: [eu-west-1]\n');
  assert.throws(
    () => createValidator({ cwd: dir, configFile: '.cfnlintrc' }),
    (err: Error) => err instanceof ConfigError && /\.cfnlintrc:1:1: cannot read cfn-lint configuration: Duplicate found 'regions'.*lines 1, 3/.test(err.message),
  );
});
