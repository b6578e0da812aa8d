// Masking of preview values: what CloudFormation does not mask (a property built from a NoEcho
// parameter by Fn::Sub, a literal password, a pasted token, a value read from the environment).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceChange } from '../../../src/cloud/index.js';
import { maskChangeValues, valueLines } from '../../../src/pipeline/stages/preview-values.js';

const TEMPLATE = JSON.stringify({
  Parameters: { Db: { Type: 'String', NoEcho: true }, Env: { Type: 'String' } },
  Resources: {
    Conn: { Type: 'AWS::SSM::Parameter', Properties: { Value: { 'Fn::Sub': 'postgres://app:${Db}@host/${Env}' }, Description: { Ref: 'Env' } } },
    Db: { Type: 'AWS::RDS::DBInstance', Properties: { MasterUserPassword: 'literal-pass', DBName: 'shop' } },
  },
});

const modify = (logicalId: string, name: string, before: string, after: string): ResourceChange => ({
  action: 'Modify', logicalId, resourceType: 'AWS::X::Y', scope: ['Properties'],
  details: [{ attribute: 'Properties', name, path: `/Properties/${name}`, changeType: 'Modify', before, after }],
});

test('values that read NoEcho parameters, secret names, secret shapes and environment values are masked', () => {
  const masked = maskChangeValues(
    [
      modify('Conn', 'Value', 'postgres://app:old@host/dev', 'postgres://app:new@host/prod'),
      modify('Conn', 'Description', 'dev', 'prod'),
      modify('Db', 'MasterUserPassword', 'literal-pass', 'literal-pass-2'),
      modify('Db', 'DBName', 'shop', 'AKIAABCDEFGHIJKLMNOP'),
      modify('Db', 'Tags', 'team=a token=env-secret-42', 'team=b'),
      modify('Db', 'Endpoint', '{{resolve:ssm-secure:/db/pass}}', '{{changeSet:KNOWN_AFTER_APPLY}}'),
    ],
    { templateBody: TEMPLATE, noEcho: ['Db'], secrets: ['env-secret-42'] },
  );
  const pairs = masked.map((c) => [c.details[0]?.before, c.details[0]?.after]);
  assert.deepEqual(pairs, [
    ['****', '****'],
    ['dev', 'prod'],
    ['****', '****'],
    ['shop', '****'],
    ['team=a token=****', 'team=b'],
    ['{{resolve:ssm-secure:/db/pass}}', '{{changeSet:KNOWN_AFTER_APPLY}}'],
  ]);
  assert.deepEqual(valueLines(masked[1] as ResourceChange), ['Description: dev → prod']);
});

test('changes without values are left as they are', () => {
  const plain: ResourceChange = { action: 'Add', logicalId: 'Q', resourceType: 'AWS::SQS::Queue', scope: [], details: [] };
  assert.equal(maskChangeValues([plain], { noEcho: [], secrets: [] })[0], plain);
  assert.deepEqual(valueLines(plain), []);
});
