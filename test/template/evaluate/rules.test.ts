import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvaluationError, evaluateRules, modelOf, parseTemplate, type EvaluationContext } from '../../../src/template/index.js';

const TEMPLATE = [
  'Parameters:',
  '  Env: {Type: String}',
  '  Size: {Type: String}',
  '  Subnets: {Type: CommaDelimitedList}',
  '  Vpc: {Type: String}',
  'Rules:',
  '  ProdSizes:',
  '    RuleCondition: !Equals [!Ref Env, prod]',
  '    Assertions:',
  '      - Assert: !Contains [[m5.large, m5.xlarge], !Ref Size]',
  '        AssertDescription: Production needs an m5 size',
  '  Region:',
  '    Assertions:',
  '      - Assert: !Not [!Equals [!Ref AWS::Region, cn-north-1]]',
  '  SubnetsKnown:',
  '    Assertions:',
  '      - Assert: !EachMemberIn [!Ref Subnets, [a, b, c]]',
  '        AssertDescription: unknown subnet',
  '      - Assert: !EachMemberEquals [!Ref Subnets, a]',
  '      - Assert: !Equals [!ValueOf [Vpc, Tags], x]',
  'Resources: {}',
].join('\n');

const parsed = parseTemplate(TEMPLATE, 'r.yaml');
assert.ok(parsed.ok);
const model = modelOf(parsed.template.body);
const run = (parameters: Record<string, string | string[]>, region = 'us-east-1') =>
  evaluateRules(model, { region, accountId: '1', stackName: 's', stackId: 'i', parameters } satisfies EvaluationContext);

test('assertions that hold pass; account lookups are reported unchecked', () => {
  const r = run({ Env: 'prod', Size: 'm5.large', Subnets: ['a', 'a'], Vpc: 'vpc-1' });
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.unchecked.map((u) => `${u.rule}#${u.assertion}`), ['SubnetsKnown#2']);
});

test('failed assertions carry their description and position; rule conditions gate them', () => {
  const r = run({ Env: 'prod', Size: 't3.micro', Subnets: ['a', 'z'], Vpc: 'v' }, 'cn-north-1');
  assert.deepEqual(
    r.failures.map((f) => {
      const { line, column } = parsed.template.sourceMap.locate(f.path).start;
      return `${line}:${column} ${f.rule} ${f.message}`;
    }),
    ['10:9 ProdSizes Production needs an m5 size', '14:9 Region Assertion 1 of rule Region failed', '17:9 SubnetsKnown unknown subnet', '19:9 SubnetsKnown Assertion 2 of rule SubnetsKnown failed'],
  );
  // Outside production the size rule does not apply.
  assert.deepEqual(run({ Env: 'dev', Size: 't3.micro', Subnets: ['a'], Vpc: 'v' }).failures, []);
});

test('malformed rules are errors', () => {
  const bad = (rules: unknown) => () => evaluateRules(modelOf({ Rules: rules, Resources: {} }), { region: 'r', accountId: '1', stackName: 's', stackId: 'i', parameters: {} });
  assert.throws(bad({ R: { Assertions: 'x' } }), (e: unknown) => e instanceof EvaluationError && e.code === 'RULE_INVALID');
  assert.throws(bad({ R: { Assertions: [{ AssertDescription: 'no assert' }] } }), (e: unknown) => e instanceof EvaluationError && e.code === 'RULE_INVALID');
  assert.throws(bad({ R: { Assertions: [{ Assert: { 'Fn::Contains': ['a', 'b'] } }] } }), (e: unknown) => e instanceof EvaluationError && e.code === 'INTRINSIC_ARGUMENTS');
  assert.throws(bad({ R: { Assertions: [{ Assert: { Ref: 'Bucket' } }] } }), (e: unknown) => e instanceof EvaluationError && e.code === 'UNRESOLVED_REFERENCE');
});
