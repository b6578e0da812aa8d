// The AWS CLI's `cloudformation deploy` (its change-set flow) against localcloud, where `aws` is on
// PATH. Slow by design of the CLI: its stack waiter polls every 30 s.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { start } from '../helpers.js';

const run = promisify(execFile);
const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const skip = probe.error || probe.status !== 0 ? 'the AWS CLI (`aws`) is not on PATH' : false;

const TEMPLATE = `Parameters:
  Env: { Type: String, Default: dev }
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Param:
    Type: AWS::SSM::Parameter
    Properties: { Type: String, Value: !Ref Topic }
Outputs:
  TopicArn: { Value: !Ref Topic }
`;

describe('CloudFormation with the AWS CLI', { skip, timeout: 180_000 }, () => {
  let cloud: LocalCloud;
  const dir = mkdtempSync(join(tmpdir(), 'localcloud-cfn-cli-'));
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-west-2',
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    AWS_PAGER: '',
  };
  const aws = (...args: string[]) => run('aws', ['--endpoint-url', cloud.endpoint, ...args], { env });
  before(async () => {
    cloud = await start({ latencyMs: 5 });
  });
  after(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys through a change set, repeats with --no-fail-on-empty-changeset, lists events', async () => {
    const file = join(dir, 'stack.yaml');
    writeFileSync(file, TEMPLATE);
    const first = await aws('cloudformation', 'deploy', '--stack-name', 'cli', '--template-file', file);
    assert.match(first.stdout, /Successfully created\/updated stack - cli/);
    const again = await aws('cloudformation', 'deploy', '--stack-name', 'cli', '--template-file', file, '--no-fail-on-empty-changeset');
    assert.match(again.stdout, /No changes to deploy\. Stack cli is up to date/);
    const strict = await aws('cloudformation', 'deploy', '--stack-name', 'cli', '--template-file', file).then(
      () => 'exit 0',
      (err: { code?: number }) => `exit ${err.code}`,
    );
    assert.equal(strict, 'exit 255');
    const events = JSON.parse((await aws('cloudformation', 'describe-stack-events', '--stack-name', 'cli')).stdout) as { StackEvents: { LogicalResourceId: string; ResourceStatus: string }[] };
    assert.deepEqual(events.StackEvents[0], { ...events.StackEvents[0], LogicalResourceId: 'cli', ResourceStatus: 'CREATE_COMPLETE' });
    assert.ok(events.StackEvents.some((e) => e.LogicalResourceId === 'cli' && e.ResourceStatus === 'REVIEW_IN_PROGRESS'));
  });
});
