// CloudWatch alarms through the real @aws-sdk/client-cloudwatch and the AWS CLI (SPEC.md "CloudWatch").
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import type { LocalCloud } from '../../src/localcloud/index.js';
import { admin, clientConfig, errorOf, start } from './helpers.js';

const run = promisify(execFile);
const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const noCli = probe.error || probe.status !== 0 ? 'the AWS CLI (`aws`) is not on PATH' : false;

const ALARM = { MetricName: 'Errors', Namespace: 'AWS/Lambda', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' } as const;

describe('localcloud CloudWatch alarms', () => {
  let cloud: LocalCloud;
  let cw: CloudWatchClient;
  before(async () => {
    cloud = await start();
    cw = new CloudWatchClient(clientConfig(cloud, 'eu-west-1'));
  });
  after(() => cloud.stop());

  it('creates an alarm in INSUFFICIENT_DATA, per region, and describes it as AWS does', async () => {
    await cw.send(new PutMetricAlarmCommand({ AlarmName: 'api-errors', ...ALARM, Dimensions: [{ Name: 'FunctionName', Value: 'api' }], AlarmActions: ['arn:aws:sns:eu-west-1:000000000000:pager'] }));
    const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['api-errors'] }));
    const alarm = out.MetricAlarms?.[0];
    assert.equal(alarm?.AlarmArn, 'arn:aws:cloudwatch:eu-west-1:000000000000:alarm:api-errors');
    assert.equal(alarm?.StateValue, 'INSUFFICIENT_DATA');
    assert.equal(alarm?.StateReason, 'Unchecked: Initial alarm creation');
    assert.deepEqual(alarm?.Dimensions, [{ Name: 'FunctionName', Value: 'api' }]);
    assert.equal(alarm?.Threshold, 1);
    assert.ok(alarm?.StateUpdatedTimestamp instanceof Date);
    assert.deepEqual(out.CompositeAlarms, []);
    const other = new CloudWatchClient(clientConfig(cloud, 'us-east-1'));
    assert.deepEqual((await other.send(new DescribeAlarmsCommand({}))).MetricAlarms, []);
    const byAction = await cw.send(new DescribeAlarmsCommand({ ActionPrefix: 'arn:aws:sns:eu-west-1:000000000000:pag' }));
    assert.deepEqual(byAction.MetricAlarms?.map((a) => a.AlarmName), ['api-errors']);
  });

  it('sets the state by hand, keeps it across a configuration update, filters by state', async () => {
    await cw.send(new PutMetricAlarmCommand({ AlarmName: 'latency', ...ALARM }));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'latency', StateValue: 'ALARM', StateReason: 'testing the bake gate', StateReasonData: '{"by":"test"}' }));
    await cw.send(new PutMetricAlarmCommand({ AlarmName: 'latency', ...ALARM, Threshold: 5 }));
    const [alarm] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['latency'] }))).MetricAlarms ?? [];
    assert.deepEqual([alarm?.StateValue, alarm?.StateReason, alarm?.StateReasonData, alarm?.Threshold], ['ALARM', 'testing the bake gate', '{"by":"test"}', 5]);
    const alarming = await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    assert.deepEqual(alarming.MetricAlarms?.map((a) => a.AlarmName), ['latency']);
    const state = (await admin(cloud, 'GET', 'state')).json as { cloudwatch: Record<string, Record<string, { name: string; state: string }[]>> };
    assert.deepEqual(state.cloudwatch['000000000000']?.['eu-west-1']?.map((a) => [a.name, a.state]), [['api-errors', 'INSUFFICIENT_DATA'], ['latency', 'ALARM']]);
  });

  it('answers AWS error codes: a missing alarm, a bad state, bad reason data', async () => {
    const missing = await errorOf(cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })));
    assert.equal(missing.name, 'ResourceNotFound');
    assert.equal(missing.$metadata?.httpStatusCode, 404);
    const bad = await errorOf(cw.send(new SetAlarmStateCommand({ AlarmName: 'latency', StateValue: 'RED' as never, StateReason: 'x' })));
    assert.equal(bad.name, 'ValidationException', 'the SDK names the Query code ValidationError so');
    const data = await errorOf(cw.send(new SetAlarmStateCommand({ AlarmName: 'latency', StateValue: 'OK', StateReason: 'x', StateReasonData: '{' })));
    assert.equal(data.name, 'InvalidFormatFault');
  });

  it('pages DescribeAlarms and deletes alarms, passing over names that do not exist', async () => {
    for (let i = 0; i < 5; i++) await cw.send(new PutMetricAlarmCommand({ AlarmName: `page-${i}`, ...ALARM }));
    const first = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'page-', MaxRecords: 3 }));
    assert.deepEqual(first.MetricAlarms?.map((a) => a.AlarmName), ['page-0', 'page-1', 'page-2']);
    const second = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'page-', MaxRecords: 3, NextToken: first.NextToken }));
    assert.deepEqual(second.MetricAlarms?.map((a) => a.AlarmName), ['page-3', 'page-4']);
    assert.equal(second.NextToken, undefined);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'never-was'] }));
    assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'page-' }))).MetricAlarms, []);
    assert.ok(cloud.operations().some((o) => o.service === 'cloudwatch' && o.action === 'DeleteAlarms'));
  });

  it('flips an alarm with `aws cloudwatch set-alarm-state`', { skip: noCli }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'localcloud-cw-cli-'));
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'eu-west-1', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_PAGER: '' };
    const aws = async (...args: string[]): Promise<string> => (await run('aws', ['--endpoint-url', cloud.endpoint, ...args], { env })).stdout;
    try {
      await aws('cloudwatch', 'put-metric-alarm', '--alarm-name', 'cli-alarm', '--metric-name', 'Errors', '--namespace', 'App', '--statistic', 'Sum', '--period', '60', '--evaluation-periods', '1', '--threshold', '1', '--comparison-operator', 'GreaterThanThreshold');
      await aws('cloudwatch', 'set-alarm-state', '--alarm-name', 'cli-alarm', '--state-value', 'ALARM', '--state-reason', 'by hand');
      const described = JSON.parse(await aws('cloudwatch', 'describe-alarms', '--alarm-names', 'cli-alarm')) as { MetricAlarms: { StateValue: string; StateReason: string }[] };
      assert.deepEqual([described.MetricAlarms[0]?.StateValue, described.MetricAlarms[0]?.StateReason], ['ALARM', 'by hand']);
      const missing = await run('aws', ['--endpoint-url', cloud.endpoint, 'cloudwatch', 'set-alarm-state', '--alarm-name', 'nope', '--state-value', 'OK', '--state-reason', 'x'], { env }).catch((err: { stderr: string }) => err);
      assert.match((missing as { stderr: string }).stderr, /\(ResourceNotFound\)/);
      await aws('cloudwatch', 'delete-alarms', '--alarm-names', 'cli-alarm');
      assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['cli-alarm'] }))).MetricAlarms, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
