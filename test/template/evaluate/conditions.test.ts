import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvaluationError, evaluateConditions, modelOf, parseTemplate, type EvaluationContext } from '../../../src/template/index.js';

const ctx = (parameters: Record<string, string | string[]> = {}, region = 'us-east-1'): EvaluationContext => ({
  region,
  accountId: '123456789012',
  stackName: 's',
  stackId: 'id',
  parameters,
});
const conditionsOf = (conditions: Record<string, unknown>, parameters: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  evaluateConditions(modelOf({ Parameters: { Env: { Type: 'String' } }, Conditions: conditions, Resources: {}, ...extra }), ctx(parameters));

test('conditions refer to parameters, pseudo parameters, mappings and each other', () => {
  const result = conditionsOf(
    {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      InUsEast: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      // Declared before the conditions it uses: order of declaration does not matter.
      ProdEast: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'InUsEast' }] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Either: { 'Fn::Or': [{ Condition: 'NotProd' }, { 'Fn::Equals': [{ 'Fn::FindInMap': ['M', 'k', 'v'] }, 'yes'] }] },
      Deep: { 'Fn::Not': [{ 'Fn::And': [{ Condition: 'ProdEast' }, { 'Fn::Or': [{ Condition: 'NotProd' }, { Condition: 'Either' }] }] }] },
    },
    { Env: 'prod' },
    { Mappings: { M: { k: { v: 'yes' } } } },
  );
  assert.deepEqual(result, { IsProd: true, InUsEast: true, ProdEast: true, NotProd: false, Either: true, Deep: false });
  assert.deepEqual(conditionsOf({ IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } }, { Env: 'dev' }), { IsProd: false });
});

test('a condition cycle is an error naming the cycle, at the reference that closes it', () => {
  const text = [
    'Conditions:',
    '  A: !And [!Condition B, !Equals [x, x]]',
    '  B: !Or [!Condition C, !Equals [x, y]]',
    '  C: !Not [!Condition A]',
    'Resources: {}',
  ].join('\n');
  const parsed = parseTemplate(text, 'c.yaml');
  assert.ok(parsed.ok);
  assert.throws(
    () => evaluateConditions(modelOf(parsed.template.body), ctx()),
    (err: unknown) => {
      assert.ok(err instanceof EvaluationError);
      assert.equal(err.code, 'CONDITION_CYCLE');
      assert.match(err.message, /A -> B -> C -> A/);
      assert.deepEqual(parsed.template.sourceMap.locate(err.path).start, { line: 4, column: 12 });
      return true;
    },
  );
  assert.throws(() => conditionsOf({ Self: { Condition: 'Self' } }), /Self -> Self/);
});

test('bad conditions: unknown names, resources, non-condition values', () => {
  const code = (conditions: Record<string, unknown>, expected: string) =>
    assert.throws(() => conditionsOf(conditions, { Env: 'x' }), (err: EvaluationError) => err.code === expected);
  code({ A: { Condition: 'Missing' } }, 'UNKNOWN_CONDITION');
  code({ A: { 'Fn::Equals': [{ Ref: 'Bucket' }, 'x'] } }, 'UNRESOLVED_REFERENCE');
  code({ A: 'true' }, 'INTRINSIC_ARGUMENTS');
  code({ A: { 'Fn::Equals': [{ Ref: 'Env' }] } }, 'INTRINSIC_ARGUMENTS');
  // A declared parameter without a value cannot be compared.
  assert.throws(() => conditionsOf({ A: { 'Fn::Equals': [{ Ref: 'Env' }, 'x'] } }), (err: EvaluationError) => err.code === 'CONDITION_UNRESOLVED');
});
