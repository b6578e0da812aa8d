// The governance keys and rollout.bake in meridian.yaml: accepted shapes, and refusals that name the
// field, line and column (a role per account, in that account; alarm ARNs that are alarm ARNs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../../src/pipeline/index.js';

const config = (stackKeys: string, rollout = '') => `pipeline: shop-infra
accounts:
  prod: { id: "111111111111", regions: [us-east-1] }
  dr: { id: "222222222222", regions: [eu-west-1] }
regions: { primary: us-east-1, secondaries: [eu-west-1] }
stacks:
  - name: shop-app
    template: app.yaml
${stackKeys}
rollout:
  onFailure: rollback
${rollout}
`;

function issues(text: string): string[] {
  try {
    parseConfig(text, 'meridian.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.line}:${i.column} ${i.field}: ${i.message}`);
    throw err;
  }
  return [];
}

test('a role per account, policy, topics, triggers, protection and a bake parse into milliseconds and lists', () => {
  const parsed = parseConfig(config([
    '    roleArn: { prod: "arn:aws:iam::111111111111:role/cfn", dr: "arn:aws:iam::222222222222:role/cfn" }',
    '    stackPolicy: policies/app.json',
    '    notificationArns: [arn:aws:sns:us-east-1:111111111111:ops]',
    '    rollbackTriggers: { alarms: [api-errors, "arn:aws:cloudwatch:us-east-1:111111111111:alarm:latency"], monitoringTime: 10m }',
    '    terminationProtection: true',
  ].join('\n'), '  bake: { duration: 15m, alarms: [api-errors] }'), 'meridian.yaml');
  const s = parsed.stacks[0];
  assert.deepEqual(s?.rollbackTriggers, { alarms: ['api-errors', 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:latency'], monitoringTime: 600_000 });
  assert.equal(s?.terminationProtection, true);
  assert.deepEqual(parsed.rollout.bake, { duration: 900_000, alarms: ['api-errors'], pollInterval: 60_000 });
  assert.equal(parseConfig(config(''), 'meridian.yaml').stacks[0]?.terminationProtection, undefined, 'absent: left as the stack has it');
});

test('refusals name the field and where it is', () => {
  assert.deepEqual(issues(config('    roleArn: { prod: "arn:aws:iam::111111111111:role/cfn" }')), [
    "9:5 stacks[0].roleArn: no role for account dr (eu-west-1 deploys there)",
  ]);
  assert.deepEqual(issues(config('    roleArn: "arn:aws:iam::111111111111:role/cfn"')), [
    '9:5 stacks[0].roleArn: arn:aws:iam::111111111111:role/cfn is in account 111111111111, but eu-west-1 deploys to account dr (222222222222); CloudFormation needs a role of the stack\'s own account',
  ]);
  assert.deepEqual(issues(config('    roleArn: { prod: "arn:aws:iam::111111111111:role/cfn", dr: "arn:aws:iam::222222222222:role/cfn", qa: "arn:aws:iam::333333333333:role/cfn" }')), [
    '9:102 stacks[0].roleArn.qa: unknown account \'qa\'; roleArn keys are names under accounts: (prod, dr)',
  ]);
  assert.deepEqual(issues(config('    rollbackTriggers: { alarms: ["arn:aws:sns:us-east-1:111111111111:ops"], monitoringTime: 90s }')), ['9:77 stacks[0].rollbackTriggers.monitoringTime: must be whole minutes, at most 180m']);
  assert.deepEqual(issues(config('', '  bake: { duration: 10m, alarms: ["arn:aws:sns:us-east-1:111111111111:ops"] }')), [
    "12:35 rollout.bake.alarms[0]: 'arn:aws:sns:us-east-1:111111111111:ops' is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME); give an alarm name or an alarm ARN",
  ]);
  assert.match(issues(config('    notificationArns: [ops]')).join('\n'), /stacks\[0\]\.notificationArns\[0\]: must be an SNS topic ARN/);
});
