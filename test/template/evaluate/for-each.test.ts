import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EvaluationError, expandLanguageExtensions, parseTemplate, type EvaluationContext } from '../../../src/template/index.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const parse = (text: string) => {
  const r = parseTemplate(text, 't.yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.diagnostics));
  return r.template;
};
const ctx = (parameters: Record<string, string | string[]>): EvaluationContext => ({ region: 'us-east-1', accountId: '1', stackName: 's', stackId: 'i', parameters });

test('loops expand in Conditions, Resources, Outputs and property maps, with ${} and &{}', () => {
  const out = expandLanguageExtensions(parse(fixture('foreach.yaml')).body);
  assert.equal(out.Transform, undefined, 'the transform is done');
  assert.deepEqual(Object.keys(out.Conditions as object), ['IsOrders', 'IsPayments']);
  const resources = out.Resources as Record<string, { Properties: Record<string, unknown> }>;
  assert.deepEqual(Object.keys(resources), [
    'OrdersTopic', 'PaymentsTopic', 'Subnet1000024', 'Subnet1001024', 'devwebQueue', 'devdbQueue', 'prodwebQueue', 'proddbQueue',
  ]);
  assert.deepEqual(resources.OrdersTopic?.Properties, { TopicName: { 'Fn::Sub': '${AWS::StackName}-Orders' }, DisplayName: 'Orders' });
  assert.deepEqual(resources.Subnet1001024?.Properties, {
    CidrBlock: '10.0.1.0/24',
    Tags: { Team: { Value: 'Team-1001024' }, Env: { Value: 'Env-1001024' } },
  });
  assert.deepEqual(resources.prodwebQueue?.Properties, { QueueName: 'prod-web' });
  assert.deepEqual(out.Outputs, {
    OrdersArn: { Value: { Ref: { 'Fn::Sub': 'OrdersTopic' } } },
    PaymentsArn: { Value: { Ref: { 'Fn::Sub': 'PaymentsTopic' } } },
  });
});

test('collections come from the context when given; no transform means no expansion', () => {
  const body = parse(fixture('foreach.yaml')).body;
  const out = expandLanguageExtensions(body, ctx({ Topics: ['Solo'] }));
  assert.ok('SoloTopic' in (out.Resources as object));
  assert.ok(!('OrdersTopic' in (out.Resources as object)));
  const plain = { Resources: { 'Fn::ForEach::L': ['X', ['a'], { 'R${X}': { Type: 'T' } }] } };
  assert.equal(expandLanguageExtensions(plain), plain);
  assert.deepEqual(expandLanguageExtensions(plain, undefined, { always: true }), { Resources: { Ra: { Type: 'T' } } });
  // Other transforms are kept.
  const both = { Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], Resources: {} };
  assert.deepEqual(expandLanguageExtensions(both).Transform, ['AWS::Serverless-2016-10-31']);
});

test('bad loops are errors at their line and column', () => {
  /** `CODE line:col message` of the error expanding `text`. */
  const at = (text: string): string => {
    const t = parse(`Transform: AWS::LanguageExtensions\n${text}`);
    try {
      expandLanguageExtensions(t.body);
    } catch (err) {
      assert.ok(err instanceof EvaluationError, String(err));
      const { line, column } = t.sourceMap.locate(err.path).start;
      return `${err.code} ${line}:${column} ${err.message}`;
    }
    return assert.fail('expected an error');
  };
  assert.match(at('Resources:\n  Fn::ForEach::L:\n    - X\n    - [a, b]\n    - Fixed:\n        Type: T'), /^FOREACH_INVALID 6:7 .*must contain \$\{X\} or &\{X\}/);
  assert.match(at('Resources:\n  Fn::ForEach::L:\n    - X\n    - !Ref Nope\n    - R${X}: {Type: T}'), /^UNRESOLVED_REFERENCE 5:7 .*\[Nope\]/);
  assert.match(at('Parameters: {P: {Type: String, Default: x}}\nResources:\n  Fn::ForEach::L: [X, !Ref P, {"R${X}": {Type: T}}]'), /^FOREACH_INVALID 4:23 .*must be a list of strings/);
  assert.match(at('Parameters: {P: {Type: String}}\nResources:\n  Fn::ForEach::L: [X, !Ref P, {"R${X}": {Type: T}}]'), /^FOREACH_INVALID 4:23 .*cannot be resolved/);
  assert.match(at('Resources:\n  Fn::ForEach::L: [X, [a]]'), /^FOREACH_INVALID 3:3 .*requires a list of an identifier/);
  assert.match(at('Resources:\n  Fn::ForEach::L: [X-Y, [a], {R: 1}]'), /^FOREACH_INVALID 3:20 .*identifier/);
  assert.match(at('Resources:\n  Fn::ForEach::L: [X, [a, a], {"R${X}": {Type: T}}]'), /^FOREACH_INVALID 3:3 .*produces the key 'Ra' more than once/);
});
