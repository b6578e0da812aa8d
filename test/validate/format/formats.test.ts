// Output formats: compiler-style text, cfn-lint's JSON fields, SARIF 2.1.0 for code scanning, JUnit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createValidator, formatJson, formatJunit, formatSarif, formatText, type Finding } from '../../../src/validate/index.js';

const validator = createValidator({ discoverConfig: false });
const file = 'templates/app.yaml';
const findings = validator.validateText('Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n', file).findings;
const e1020 = findings.find((f) => f.ruleId === 'E1020') as Finding;

test('text: file:line:col: ID [severity] message', () => {
  assert.ok(formatText(findings).split('\n').includes(`${file}:5:18: E1020 [error] ${e1020.message}`));
});

test('json: the fields cfn-lint prints', () => {
  const out = JSON.parse(formatJson(findings, validator.rules())) as Record<string, unknown>[];
  const entry = out.find((x) => (x.Rule as { Id: string }).Id === 'E1020');
  assert.deepEqual(entry, {
    Filename: file,
    Level: 'Error',
    Location: { Start: { LineNumber: 5, ColumnNumber: 18 }, End: { LineNumber: e1020.endLine, ColumnNumber: e1020.endColumn }, Path: ['Resources', 'Topic', 'Properties', 'TopicName', 'Ref'] },
    Message: e1020.message,
    Rule: { Id: 'E1020', Description: 'Ref names a parameter, a resource or a pseudo parameter.', ShortDescription: 'Ref validation of value', Source: 'https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md#E1020' },
  });
});

test('sarif: 2.1.0 with driver rules, levels and physical locations', () => {
  const log = JSON.parse(formatSarif(findings, validator.rules(), { root: process.cwd(), version: '0.1.0', informationUri: 'file:///docs/validate.md' }));
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].tool.driver.informationUri, 'file:///docs/validate.md');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const run = log.runs[0];
  const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.ok(ids.includes('E1020') && ids.includes('W47'));
  const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'E1020');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'E1020');
  assert.equal(result.level, 'error');
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: 'templates/app.yaml' },
    region: { startLine: 5, startColumn: 18, endLine: e1020.endLine, endColumn: e1020.endColumn },
  });
  const warning = run.results.find((r: { ruleId: string }) => r.ruleId === 'W47');
  assert.equal(warning.level, 'warning');
});

test('junit: a case per file and rule, a passing case per clean file; warnings fail only with failOn warning', () => {
  const xml = formatJunit(findings, [file, 'templates/clean.yaml']);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  assert.match(xml, /<testcase classname="templates\/app.yaml" name="E1020">\n\s+<failure type="error" message="E1020: &apos;Missing&apos; is not one of/);
  assert.match(xml, /<testcase classname="templates\/clean.yaml" name="template"\/>/);
  const rules = new Set(findings.map((f) => f.ruleId)).size;
  const errors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).size;
  assert.ok(errors < rules, 'the fixture has warnings too');
  // A warning is listed, not failed, under the default failOn (error): it does not fail the run either.
  assert.match(xml, new RegExp(`<testsuite name="meridian validate" tests="${rules + 1}" failures="${errors}"`));
  assert.match(xml, /name="W47">\n\s+<system-out>warning: /);
  const strict = formatJunit(findings, [file], { failOn: 'warning' });
  assert.match(strict, new RegExp(`failures="${rules}"`));
  assert.match(formatJunit(findings, [file], { failOn: 'never' }), /failures="0"/);
});
