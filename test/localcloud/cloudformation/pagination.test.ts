// CloudFormation's list actions answer in pages of 100 with an opaque NextToken, so the callers'
// page loops (SDK paginators, src/cloud's readers) run against localcloud as against AWS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  UpdateStackCommand,
  paginateDescribeStackEvents,
  paginateListStackResources,
  paginateListStacks,
} from '@aws-sdk/client-cloudformation';
import { createChangeSet, discardChangeSet, recentEvents } from '../../../src/cloud/index.js';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { cloudDepsFor } from '../../helpers/cloud-deps.js';
import { clientConfig, errorOf, start } from '../helpers.js';

const REGION = 'us-east-1';
let cloud: LocalCloud;
let cfn: CloudFormationClient;

let stackId = '';

before(async () => {
  cloud = await start({ latencyMs: 1 });
  cfn = new CloudFormationClient(clientConfig(cloud, REGION));
  stackId = (await cfn.send(new CreateStackCommand({ StackName: 'paged', TemplateBody: topics(120) }))).StackId ?? '';
  assert.equal(await settled('paged'), 'CREATE_COMPLETE');
});
after(() => cloud.stop());

/** A template of `n` topics (records in localcloud: fast to create). */
const topics = (n: number, prefix = 'Topic') =>
  JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, { Type: 'AWS::SNS::Topic' }])) });

async function settled(name: string): Promise<string> {
  for (let i = 0; i < 3000; i++) {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (s && !s.StackStatus?.endsWith('_IN_PROGRESS')) return s.StackStatus ?? '';
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${name} never settled`);
}

test('DescribeStackEvents: pages of 100 newest first; the paginator reads every event once', async () => {
  const first = await cfn.send(new DescribeStackEventsCommand({ StackName: 'paged' }));
  assert.equal(first.StackEvents?.length, 100);
  assert.ok(first.NextToken, 'a second page');
  const all = [];
  for await (const page of paginateDescribeStackEvents({ client: cfn }, { StackName: 'paged' })) all.push(...(page.StackEvents ?? []));
  // Stack CREATE_IN_PROGRESS + 120 x (IN_PROGRESS, COMPLETE) + stack CREATE_COMPLETE.
  assert.equal(all.length, 242);
  assert.equal(new Set(all.map((e) => e.EventId)).size, 242);
  assert.equal(all[0]?.ResourceStatus, 'CREATE_COMPLETE');
  assert.equal(all.at(-1)?.ResourceStatus, 'CREATE_IN_PROGRESS');
  assert.equal(all.at(-1)?.LogicalResourceId, 'paged');
});

test('a page token stays aligned when new events arrive at the front', async () => {
  const first = await cfn.send(new DescribeStackEventsCommand({ StackName: 'paged' }));
  // An update adds events at the front, pushing every older event down the list.
  await cfn.send(new UpdateStackCommand({ StackName: 'paged', TemplateBody: topics(121) }));
  assert.equal(await settled('paged'), 'UPDATE_COMPLETE');
  const all = [...(first.StackEvents ?? [])];
  let token = first.NextToken;
  for (let page = 0; token && page < 10; page++) {
    const next = await cfn.send(new DescribeStackEventsCommand({ StackName: 'paged', NextToken: token }));
    all.push(...(next.StackEvents ?? []));
    token = next.NextToken;
  }
  // The later pages go on where the first stopped: the 242 events of the create, each once.
  assert.equal(new Set(all.map((e) => e.EventId)).size, all.length, 'no event twice');
  assert.equal(all.length, 242);
  assert.equal(all.at(-1)?.LogicalResourceId, 'paged');
});

test('ListStackResources and ListStacks page; a made-up token is a ValidationError', async () => {
  const first = await cfn.send(new ListStackResourcesCommand({ StackName: 'paged' }));
  assert.equal(first.StackResourceSummaries?.length, 100);
  const ids = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: 'paged' })) ids.push(...(page.StackResourceSummaries ?? []).map((r) => r.LogicalResourceId));
  assert.equal(new Set(ids).size, 121);
  // 100 more stacks make ListStacks (and DescribeStacks without a name) need a second page.
  for (let i = 0; i < 100; i++) await cfn.send(new CreateStackCommand({ StackName: `many-${i}`, TemplateBody: topics(1) }));
  const names = [];
  for await (const page of paginateListStacks({ client: cfn }, {})) names.push(...(page.StackSummaries ?? []).map((s) => s.StackName));
  assert.equal(names.length, 101);
  const described = await cfn.send(new DescribeStacksCommand({}));
  assert.equal(described.Stacks?.length, 100);
  assert.ok(described.NextToken);
  const bad = await errorOf(cfn.send(new ListStackResourcesCommand({ StackName: 'paged', NextToken: 'not-a-token' })));
  assert.equal(bad.name, 'ValidationError');
});

test("src/cloud reads every page: all of a change set's changes, events back to a known one", async () => {
  const deps = cloudDepsFor(cloud.endpoint);
  const target = { region: REGION };
  const preview = await createChangeSet(deps, target, {
    stackName: 'paged',
    template: { body: topics(130, 'Queue') },
    parameters: {},
    capabilities: [],
    tags: {},
    changeSetName: 'paged-preview',
    clientToken: 'paged-preview',
  });
  assert.equal(preview.kind, 'changes');
  if (preview.kind !== 'changes') return;
  // 130 added, 121 removed: three pages of changes.
  assert.equal(preview.changes.length, 251);
  assert.equal(preview.changes.filter((c) => c.action === 'Add').length, 130);
  await discardChangeSet(deps, target, 'paged', 'paged-preview', false);
  const events = [];
  for await (const page of paginateDescribeStackEvents({ client: cfn }, { StackName: 'paged' })) events.push(...(page.StackEvents ?? []));
  const anchor = events[150]?.EventId;
  // Across the page boundary at 100: the 150 events newer than the anchor, oldest first.
  const recent = await recentEvents(deps, target, stackId, anchor);
  assert.equal(recent.length, 150);
  assert.deepEqual(recent.map((e) => e.eventId), events.slice(0, 150).map((e) => e.EventId).reverse());
});
