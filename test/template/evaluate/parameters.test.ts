import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOf, resolveParameters } from '../../../src/template/index.js';

const model = (parameters: Record<string, unknown>) => modelOf({ Parameters: parameters, Resources: {} });
const one = (declaration: Record<string, unknown>, given?: string, options = {}) =>
  resolveParameters(model({ P: declaration }), given === undefined ? {} : { P: given }, options);
const errorOf = (declaration: Record<string, unknown>, given?: string) => {
  const r = one(declaration, given);
  assert.equal(r.errors.length, 1, JSON.stringify(r));
  assert.equal(r.values.P, undefined);
  return r.errors[0];
};

test('defaults and given values; lists split on commas and trimmed', () => {
  assert.deepEqual(one({ Type: 'String', Default: 'd' }).values, { P: 'd' });
  assert.deepEqual(one({ Type: 'String', Default: 'd' }, 'given').values, { P: 'given' });
  assert.deepEqual(one({ Type: 'String', Default: '' }).values, { P: '' });
  assert.deepEqual(one({ Type: 'Number' }, '42').values, { P: '42' });
  assert.deepEqual(one({ Type: 'CommaDelimitedList' }, 'a, b ,c').values, { P: ['a', 'b', 'c'] });
  assert.deepEqual(one({ Type: 'CommaDelimitedList', Default: ['x', 'y'] }).values, { P: ['x', 'y'] });
  assert.deepEqual(one({ Type: 'List<Number>' }, '1, 2.5').values, { P: ['1', '2.5'] });
  assert.deepEqual(one({ Type: 'List<AWS::EC2::Subnet::Id>' }, 'subnet-1,subnet-2').values, { P: ['subnet-1', 'subnet-2'] });
  assert.deepEqual(one({ Type: 'AWS::EC2::VPC::Id' }, 'vpc-1').values, { P: 'vpc-1' });
});

test('SSM parameter types resolve through resolveSsm', () => {
  const store: Record<string, string> = { '/ami': 'ami-123', '/subnets': 'a, b' };
  const resolveSsm = (name: string) => store[name];
  assert.deepEqual(one({ Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/ami' }, undefined, { resolveSsm }).values, { P: 'ami-123' });
  assert.deepEqual(one({ Type: 'AWS::SSM::Parameter::Value<List<String>>' }, '/subnets', { resolveSsm }).values, { P: ['a', 'b'] });
  const missing = one({ Type: 'AWS::SSM::Parameter::Value<String>' }, '/nope', { resolveSsm });
  assert.deepEqual(missing.errors, [{ parameter: 'P', code: 'PARAMETER_SSM_NOT_FOUND', message: 'Unable to fetch parameters [/nope] from parameter store for this account.' }]);
  // Without a Parameter Store the value is simply not known: no value, no error.
  assert.deepEqual(one({ Type: 'AWS::SSM::Parameter::Value<String>' }, '/ami'), { values: {}, errors: [], noEcho: [] });
});

test('missing and unknown parameters', () => {
  assert.deepEqual(errorOf({ Type: 'String' }), { parameter: 'P', code: 'PARAMETER_MISSING', message: 'Parameters: [P] must have values' });
  const r = resolveParameters(model({}), { Extra: 'x' });
  assert.deepEqual(r.errors, [{ parameter: 'Extra', code: 'PARAMETER_UNKNOWN', message: 'Parameters: [Extra] do not exist in the template' }]);
});

test('each constraint with CloudFormation wording', () => {
  const cases: [Record<string, unknown>, string, string, string][] = [
    [{ Type: 'String', AllowedValues: ['a', 'b'] }, 'c', 'PARAMETER_NOT_ALLOWED', "Parameter 'P' must be one of AllowedValues"],
    [{ Type: 'String', AllowedPattern: '[a-z]+' }, 'abc1', 'PARAMETER_PATTERN', "Parameter 'P' must match pattern [a-z]+"],
    [{ Type: 'String', MinLength: 3 }, 'ab', 'PARAMETER_MIN_LENGTH', "Parameter 'P' must contain at least 3 characters"],
    [{ Type: 'String', MaxLength: 2 }, 'abc', 'PARAMETER_MAX_LENGTH', "Parameter 'P' must contain at most 2 characters"],
    [{ Type: 'Number' }, '12a', 'PARAMETER_NOT_NUMBER', "Parameter 'P' must be a number"],
    [{ Type: 'Number', MinValue: 5 }, '4', 'PARAMETER_MIN_VALUE', "Parameter 'P' must be a number not less than 5"],
    [{ Type: 'Number', MaxValue: 5 }, '5.5', 'PARAMETER_MAX_VALUE', "Parameter 'P' must be a number not greater than 5"],
    [{ Type: 'List<Number>' }, '1,x', 'PARAMETER_NOT_NUMBER', "Parameter 'P' must be a number"],
    [{ Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] }, 'a,c', 'PARAMETER_NOT_ALLOWED', "Parameter 'P' must be one of AllowedValues"],
    [{ Type: 'String', AllowedPattern: '[a-z]+', ConstraintDescription: 'lowercase only' }, 'A', 'PARAMETER_PATTERN', "Parameter 'P' failed to satisfy constraint: lowercase only"],
    [{ Type: 'String', AllowedPattern: '([' }, 'a', 'PARAMETER_BAD_PATTERN', "Parameter 'P' has an AllowedPattern that is not a valid regular expression: (["],
  ];
  for (const [declaration, value, code, message] of cases) {
    assert.deepEqual(errorOf(declaration, value), { parameter: 'P', code, message }, `${JSON.stringify(declaration)} ${value}`);
  }
  // The same values pass when they satisfy the constraints; the pattern must match the whole value.
  assert.deepEqual(one({ Type: 'String', AllowedPattern: '[a-z]+' }, 'abc').errors, []);
  assert.deepEqual(one({ Type: 'String', AllowedPattern: 'a|b' }, 'ab').errors.map((e) => e.code), ['PARAMETER_PATTERN']);
  assert.deepEqual(one({ Type: 'Number', MinValue: 1, MaxValue: 10, AllowedValues: ['1', '10'] }, '10').errors, []);
  assert.deepEqual(one({ Type: 'String', MinLength: 2, MaxLength: 2 }, 'ab').errors, []);
  // A default is checked like a given value.
  assert.equal(errorOf({ Type: 'String', Default: 'x', MinLength: 3 })?.code, 'PARAMETER_MIN_LENGTH');
});

test('NoEcho parameters are listed for masking', () => {
  const r = resolveParameters(model({ Secret: { Type: 'String', NoEcho: true }, Plain: { Type: 'String', Default: 'p' } }), { Secret: 's3cr3t' });
  assert.deepEqual(r.noEcho, ['Secret']);
  assert.deepEqual(r.values, { Secret: 's3cr3t', Plain: 'p' });
});
