// Benchmark: CreateStack -> CREATE_COMPLETE for a 100-resource template with no injected latency
// (goal < 50 ms), over HTTP with the SDK polling DescribeStacks, and the DescribeStacks rate.
// Run: node --import tsx bench/localcloud-create-stack.ts
import { performance } from 'node:perf_hooks';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { startLocalCloud } from '../src/localcloud/index.js';

const RUNS = 7;
const GOAL_MS = 50;

/** 100 resources in four layers: topics, queues that tag a topic, parameters holding a queue ARN, log groups. */
function template(): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < 25; i++) {
    resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic' };
    resources[`Queue${i}`] = { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'topic', Value: { Ref: `Topic${i}` } }] } };
    resources[`Param${i}`] = { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::GetAtt': [`Queue${i}`, 'Arn'] } } };
    resources[`Logs${i}`] = { Type: 'AWS::Logs::LogGroup', DependsOn: `Param${i}`, Properties: { RetentionInDays: 7 } };
  }
  return JSON.stringify({ Resources: resources });
}

const cloud = await startLocalCloud({ port: 0, latencyMs: 0 });
const client = new CloudFormationClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
try {
  const body = template();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const name = `bench-${run}`;
    const started = performance.now();
    await client.send(new CreateStackCommand({ StackName: name, TemplateBody: body }));
    let status = 'CREATE_IN_PROGRESS';
    for (let polls = 0; status === 'CREATE_IN_PROGRESS' && polls < 100_000; polls++) {
      status = (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus ?? 'NONE';
    }
    if (status !== 'CREATE_COMPLETE') throw new Error(`stack ended ${status}`);
    times.push(performance.now() - started);
  }
  // The first run warms up the SDK and the JIT; report the median of the rest.
  const sorted = times.slice(1).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  process.stdout.write(`CreateStack -> CREATE_COMPLETE, 100 resources, latency 0: median ${median.toFixed(1)} ms over ${sorted.length} runs (first run ${times[0]?.toFixed(1)} ms); goal < ${GOAL_MS} ms: ${median < GOAL_MS ? 'met' : 'MISSED'}\n`);

  const CALLS = 1000;
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await client.send(new DescribeStacksCommand({ StackName: 'bench-0' }));
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`DescribeStacks (one 100-resource stack), sequential: ${Math.round(CALLS / seconds)} requests/s (${CALLS} calls)\n`);
} finally {
  client.destroy();
  await cloud.stop();
}
