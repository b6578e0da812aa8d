// moto has no drift detection (it answers DetectStackDrift with an HTML page): the adapter reports
// every resource NOT_CHECKED with the reason, after one request, instead of failing after retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { detectDrift } from '../../src/cloud/index.js';
import { cloudDepsFor } from '../helpers/cloud-deps.js';
import { motoUnavailable, startMoto } from '../helpers/moto-server.js';

test('drift against moto: NOT_CHECKED with the reason, not retried', { skip: motoUnavailable() }, async (t) => {
  const moto = await startMoto();
  t.after(() => moto.stop());
  const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: creds });
  await cfn.send(new CreateStackCommand({ StackName: 'app', TemplateBody: JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }) }));
  cfn.destroy();
  let retries = 0;
  const deps = cloudDepsFor(moto.endpoint, { accessKeyId: 'testing', onRetry: () => retries++ });
  t.after(() => deps.pool.destroy());
  const report = await detectDrift(deps, { region: 'us-east-1' }, 'app');
  assert.equal(report.status, 'NOT_CHECKED');
  assert.deepEqual(report.notChecked.map((d) => [d.logicalId, d.status]), [['Topic', 'NOT_CHECKED']]);
  assert.match(report.unsupported ?? '', /the endpoint's answer is not CloudFormation's \(HTTP 500\)/);
  assert.equal(retries, 0, 'not retried');
});
