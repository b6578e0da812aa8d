// The reference tools as engines: output parsing and merging against a fake runner (always), and
// the real tools where they are installed (skipped, with the reason, where they are not: CI
// machines have neither cfn-lint nor cfn_nag).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createValidator, mergeFindings, runExternalEngines, type Exec, type Finding } from '../../src/validate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'meridian-engines-'));
const template = join(dir, 'app.yaml');
writeFileSync(template, 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n');

const lintOutput = JSON.stringify([
  { Filename: template, Level: 'Error', Message: "'Missing' is not one of ['Topic']", Rule: { Id: 'E1020' }, Location: { Start: { LineNumber: 5, ColumnNumber: 18 }, End: { LineNumber: 5, ColumnNumber: 30 }, Path: ['Resources', 'Topic', 'Properties', 'TopicName', 'Ref'] } },
  { Filename: template, Level: 'Warning', Message: 'only cfn-lint says this', Rule: { Id: 'W9999' }, Location: { Start: { LineNumber: 3, ColumnNumber: 5 }, End: { LineNumber: 3, ColumnNumber: 9 }, Path: null } },
]);
const nagOutput = JSON.stringify([{ filename: template, file_results: { failure_count: 0, violations: [{ id: 'W47', type: 'WARN', message: 'SNS Topic should specify KmsMasterKeyId property', logical_resource_ids: ['Topic'], line_numbers: [3] }] } }]);

/** A runner that knows cfn-lint (through python3 only) and cfn_nag_scan, and records what it ran. */
function fakeExec(calls: string[]): Exec {
  return (command, args) => {
    calls.push(`${command} ${args.join(' ')}`);
    if (command === 'cfn-lint') return { status: null, stdout: '', stderr: '', error: new Error('spawn cfn-lint ENOENT') };
    if (command === 'python3' && args.includes('--version')) return { status: 0, stdout: 'cfn-lint 1.51.0\n', stderr: '' };
    if (command === 'python3') return { status: 6, stdout: lintOutput, stderr: '' };
    if (args.includes('--version')) return { status: 0, stdout: '0.8.10\n', stderr: '' };
    return { status: 0, stdout: nagOutput, stderr: '' };
  };
}

test('engines: cfn-lint through python3 and cfn_nag_scan are run and their JSON read', () => {
  const calls: string[] = [];
  const { findings, runs } = runExternalEngines(['meridian', 'cfn-lint', 'cfn_nag'], [template], { cwd: dir, regions: ['us-east-1'], exec: fakeExec(calls) });
  assert.deepEqual(runs.map((r) => [r.engine, r.ran]), [['cfn-lint', true], ['cfn_nag', true]]);
  assert.ok(calls.some((c) => c.startsWith('python3 -m cfnlint --format json --regions us-east-1 --')));
  assert.deepEqual(findings.map((f) => [f.ruleId, f.line, f.severity, f.source]), [['E1020', 5, 'error', 'cfn-lint'], ['W9999', 3, 'warning', 'cfn-lint'], ['W47', 3, 'warning', 'cfn_nag']]);
  assert.equal(findings[0]?.file, template);
});

test('engines: an absent tool is reported as not run, with the reason', () => {
  const none: Exec = () => ({ status: null, stdout: '', stderr: '', error: new Error('ENOENT') });
  const { findings, runs } = runExternalEngines(['cfn-lint', 'cfn_nag'], [template], { cwd: dir, exec: none });
  assert.deepEqual(findings, []);
  assert.deepEqual(runs, [
    { engine: 'cfn-lint', ran: false, reason: 'cfn-lint not found (neither `cfn-lint` on PATH nor the cfnlint module for python3)' },
    { engine: 'cfn_nag', ran: false, reason: 'cfn_nag_scan not found on PATH' },
  ]);
});

test('engines: merged by (file, rule id, line), Meridian keeping its own finding where both report one', () => {
  const own = createValidator({ discoverConfig: false }).validateText('Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n', template).findings;
  const external = runExternalEngines(['cfn-lint', 'cfn_nag'], [template], { cwd: dir, exec: fakeExec([]) }).findings;
  const merged = mergeFindings(own, external);
  const key = (f: Finding) => `${f.ruleId}:${f.line}`;
  assert.equal(merged.filter((f) => key(f) === 'E1020:5').length, 1);
  assert.equal(merged.find((f) => key(f) === 'E1020:5')?.source, 'cfn-lint');
  assert.ok(merged.some((f) => key(f) === 'W9999:3'), 'a finding only cfn-lint has is added');
  assert.equal(merged.filter((f) => key(f) === 'W47:3').length, 1, 'Meridian and cfn_nag both report W47 on line 3: once');
});

const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
const hasCfnNag = spawnSync('cfn_nag_scan', ['--version'], { encoding: 'utf8' }).status === 0;

test('engines: the real cfn-lint, merged into a validator report', { skip: hasCfnLint ? false : 'cfn-lint is not installed on this machine' }, async () => {
  const validator = createValidator({ cwd: dir, discoverConfig: false, regions: ['us-east-1'], settings: { engines: ['meridian', 'cfn-lint'] } });
  const report = await validator.validatePaths([template]);
  const lint = report.engines?.find((e) => e.engine === 'cfn-lint');
  assert.ok(lint?.ran, `cfn-lint did not run: ${lint && !lint.ran ? lint.reason : 'no entry'}`);
  assert.deepEqual(report.engines?.map((e) => e.engine), ['meridian', 'cfn-lint']);
  assert.equal(report.findings.filter((f) => f.ruleId === 'E1020' && f.line === 5).length, 1);
});

test('engines: the real cfn_nag_scan', { skip: hasCfnNag ? false : 'cfn_nag_scan is not installed on this machine' }, async () => {
  const validator = createValidator({ cwd: dir, discoverConfig: false, settings: { engines: ['cfn_nag'] } });
  const report = await validator.validateFile(template);
  assert.ok(report.engines?.[0]?.ran);
  assert.ok(report.findings.every((f) => f.source === 'cfn_nag'));
});
