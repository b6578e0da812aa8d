// alarmStates (the bake gate's view of CloudWatch) against localcloud, through the client pool.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { alarmStates } from '../../src/cloud/index.js';
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js';
import { cloudDepsFor } from '../helpers/adapter-contract.js';

let cloud: LocalCloud;
before(async () => {
  cloud = await startLocalCloud({ port: 0, latencyMs: 0 });
});
after(async () => cloud.stop());

test('alarmStates: each named alarm (name or ARN) in its region, MISSING when there is none', async () => {
  const cw = new CloudWatchClient({ endpoint: cloud.endpoint, region: 'us-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const alarm = { MetricName: 'Errors', Namespace: 'App', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' } as const;
  await cw.send(new PutMetricAlarmCommand({ AlarmName: 'errors', ...alarm }));
  await cw.send(new PutMetricAlarmCommand({ AlarmName: 'latency', ...alarm }));
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'errors', StateValue: 'ALARM', StateReason: 'flipped by the test' }));
  const deps = cloudDepsFor(cloud.endpoint);
  try {
    const states = await alarmStates(deps, { region: 'us-west-2' }, ['arn:aws:cloudwatch:us-west-2:000000000000:alarm:errors', 'latency', 'gone']);
    assert.deepEqual(states.map((s) => [s.alarm, s.name, s.state]), [
      ['arn:aws:cloudwatch:us-west-2:000000000000:alarm:errors', 'errors', 'ALARM'],
      ['latency', 'latency', 'INSUFFICIENT_DATA'],
      ['gone', 'gone', 'MISSING'],
    ]);
    assert.equal(states[0]?.reason, 'flipped by the test');
    const elsewhere = await alarmStates(deps, { region: 'eu-west-1' }, ['errors']);
    assert.equal(elsewhere[0]?.state, 'MISSING');
  } finally {
    deps.pool.destroy();
    cw.destroy();
  }
});
