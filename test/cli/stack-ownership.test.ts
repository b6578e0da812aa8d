// Stack ownership, one process per command against localcloud over HTTP: a stack tagged by another
// pipeline is refused (exit 2, both pipelines named) and left untouched (no mutating call on it in
// localcloud's operations log); an untagged stack of the same name is refused without --adopt
// (naming the stack, the region and the flag) and taken over with it, after which it carries the tag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { startLocalCloud } from '../../src/localcloud/index.js';
import { runCli } from '../helpers/run-cli.js';
import { exampleRepo } from '../helpers/example-repo.js';

const BOB = { GIT_COMMITTER_EMAIL: 'bob@example.com' };
// Made by hand, with the outputs the example's shop-app reads of shop-config (its preview needs them).
const TEMPLATE = JSON.stringify({
  Resources: { Flags: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'made elsewhere' } } },
  Outputs: { AssetsBucketName: { Value: 'legacy-assets' }, AssetsBucketArn: { Value: 'arn:aws:s3:::legacy-assets' } },
});

interface Operation {
  seq?: number;
  action: string;
  region: string;
  stackName?: string;
}
const operations = async (endpoint: string) => (await (await fetch(`${endpoint}/_localcloud/operations`)).json()) as Operation[];

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-owner-'));
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  const clients: CloudFormationClient[] = [];
  t.after(async () => {
    for (const c of clients) c.destroy();
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const repo = exampleRepo(join(dir, 'repo'));
  const cli = (args: string[]) => runCli([...args, '--endpoint', cloud.endpoint], { cwd: repo, env: BOB });
  const cfn = (region: string) => {
    const c = new CloudFormationClient({ region, endpoint: cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
    clients.push(c);
    return c;
  };
  return { cloud, cli, cfn };
}

async function existingStack(cfn: CloudFormationClient, name: string, tags: Record<string, string>) {
  await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: TEMPLATE, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  for (let i = 0; i < 1000; i++) {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (s?.StackStatus === 'CREATE_COMPLETE') return s;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${name} was not created`);
}

test("a stack another pipeline tagged is refused (exit 2, both pipelines named) and left untouched", async (t) => {
  const { cloud, cli, cfn } = await setup(t);
  const west = cfn('us-west-2');
  const before = await existingStack(west, 'shop-config', { 'meridian:pipeline': 'billing-infra', team: 'billing' });
  const since = (await operations(cloud.endpoint)).length;

  const run = await cli(['run']);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stdout, /stack shop-config in us-west-2 belongs to pipeline billing-infra \(tag meridian:pipeline=billing-infra\), not to pipeline shop-infra: Meridian neither updates nor deletes it/);
  const view = JSON.parse((await cli(['status', '--json'])).stdout) as { status: string; reason: string; steps: { stage: string; region?: string; stack?: string; status: string }[] };
  assert.equal(view.status, 'failed');
  assert.match(view.reason, /belongs to pipeline billing-infra/);
  assert.equal(view.steps.find((s) => s.stage === 'preview' && s.region === 'us-west-2' && s.stack === 'shop-config')?.status, 'failed');

  const touched = (await operations(cloud.endpoint)).slice(since).filter((o) => o.region === 'us-west-2' && o.stackName === 'shop-config');
  assert.deepEqual(touched.map((o) => o.action), [], 'no change set, update or delete on the other pipeline\'s stack');
  const after = (await west.send(new DescribeStacksCommand({ StackName: 'shop-config' }))).Stacks?.[0];
  assert.equal(after?.StackStatus, 'CREATE_COMPLETE');
  assert.equal(after?.LastUpdatedTime, before.LastUpdatedTime);
  assert.deepEqual(after?.Tags, before.Tags);
});

test('an untagged stack of the same name is refused without --adopt, and taken over with it', async (t) => {
  const { cloud, cli, cfn } = await setup(t);
  const east = cfn('us-east-1');
  await existingStack(east, 'shop-config', {});
  const since = (await operations(cloud.endpoint)).length;

  const refused = await cli(['run']);
  assert.equal(refused.code, 2, refused.stdout + refused.stderr);
  assert.match(refused.stdout, /stack shop-config already exists in us-east-1 and no Meridian pipeline made it \(it has no meridian:pipeline tag\): take it over into pipeline shop-infra with `meridian run --adopt`/);
  assert.deepEqual((await operations(cloud.endpoint)).slice(since).filter((o) => o.stackName === 'shop-config' && o.region === 'us-east-1').map((o) => o.action), []);

  const adopted = await cli(['run', '--adopt']);
  assert.equal(adopted.code, 3, adopted.stdout + adopted.stderr);
  const runId = /run (r\d{8}T\d{6}-[0-9a-f]{4}) awaits approval/.exec(adopted.stdout)?.[1];
  assert.ok(runId, adopted.stdout);
  // The approval is another process: the run's --adopt is kept with the run.
  const approved = await cli(['approve', runId]);
  assert.equal(approved.code, 0, approved.stdout + approved.stderr);
  const stack = (await east.send(new DescribeStacksCommand({ StackName: 'shop-config' }))).Stacks?.[0];
  assert.equal(stack?.StackStatus, 'UPDATE_COMPLETE');
  assert.equal(stack?.Tags?.find((x) => x.Key === 'meridian:pipeline')?.Value, 'shop-infra', 'the first deploy tagged it');
});
