// AWS's public SSM parameters (/aws/service/...) per region, and the user's own (SPEC.md "SSM").
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { clientConfig, ssmClient, start } from './helpers.js';

const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64';

test('public image parameters: a stable AMI id per region, no account in the ARN, listed by path', async () => {
  const cloud = await start();
  try {
    const east = (await ssmClient(cloud, 'us-east-1').send(new GetParameterCommand({ Name: AL2023 }))).Parameter;
    const west = (await ssmClient(cloud, 'eu-west-1').send(new GetParameterCommand({ Name: AL2023 }))).Parameter;
    assert.match(east?.Value ?? '', /^ami-0[0-9a-f]{16}$/);
    assert.notEqual(east?.Value, west?.Value);
    assert.equal(east?.ARN, `arn:aws:ssm:us-east-1::parameter${AL2023}`);
    const listed = await ssmClient(cloud, 'us-east-1').send(new GetParametersByPathCommand({ Path: '/aws/service/ami-amazon-linux-latest', MaxResults: 10 }));
    assert.ok(listed.Parameters?.length === 10 && listed.NextToken, 'a page of 10 and more to come');
    const ecs = '/aws/service/ecs/optimized-ami/amazon-linux-2/recommended';
    const doc = JSON.parse((await ssmClient(cloud, 'us-east-1').send(new GetParameterCommand({ Name: ecs }))).Parameter?.Value ?? '{}') as { image_id: string };
    assert.equal(doc.image_id, (await ssmClient(cloud, 'us-east-1').send(new GetParameterCommand({ Name: `${ecs}/image_id` }))).Parameter?.Value);
  } finally {
    await cloud.stop();
  }
});

test('a template whose AMI parameter defaults to a public parameter deploys; users add their own, per region', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'localcloud-public-'));
  writeFileSync(join(dir, 'public-parameters.json'), JSON.stringify({ '/aws/service/custom/image': { 'eu-west-1': 'ami-0123456789abcdef0' } }));
  const cloud = await start({ dataDir: dir, publicParameters: { [AL2023]: 'ami-0aaaaaaaaaaaaaaaa' } });
  try {
    const cfn = new CloudFormationClient(clientConfig(cloud, 'eu-west-1'));
    const template = {
      Parameters: {
        Ami: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: AL2023 },
        Custom: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/aws/service/custom/image' },
      },
      Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::Sub': '${Ami} ${Custom}' } } } },
    };
    await cfn.send(new CreateStackCommand({ StackName: 'ami', TemplateBody: JSON.stringify(template) }));
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'ami' }))).Stacks?.[0];
    assert.deepEqual(stack?.Parameters?.map((p) => [p.ParameterKey, p.ResolvedValue]), [['Ami', 'ami-0aaaaaaaaaaaaaaaa'], ['Custom', 'ami-0123456789abcdef0']]);
    const missing = await ssmClient(cloud, 'us-east-1').send(new GetParameterCommand({ Name: '/aws/service/custom/image' })).catch((e: Error) => e);
    assert.equal((missing as Error).name, 'ParameterNotFound');
  } finally {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
