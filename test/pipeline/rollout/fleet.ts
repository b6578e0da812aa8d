// The shop example as a fleet: four regions, approval off (the rollout is what these tests watch),
// localcloud over HTTP, and helpers to inject faults and read what localcloud saw.
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

export const FLEET = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];

/** meridian.yaml for the fleet; `rollout` and `extra` are YAML lines placed as they are. */
export function fleetConfig(rollout: string, extra = ''): string {
  return `pipeline: shop-infra
source: { branch: main }
regions: { primary: us-east-1, secondaries: [us-west-2, eu-west-1, ap-southeast-2] }
${extra}
stacks:
  - name: shop-config
    template: templates/config.yaml
    parameters:
      Environment: production
  - name: shop-app
    template: templates/app.yaml
    dependsOn: [shop-config]
    capabilities: [CAPABILITY_IAM]
    parameters:
      AssetsBucketName: { output: { stack: shop-config, name: AssetsBucketName } }
      Greeting: hello
    secondaryParameters:
      PrimaryAssetsBucketArn: { output: { stack: shop-config, region: primary, name: AssetsBucketArn } }
stage: { retain: false }
drift: { onDrift: warn }
approval: { required: false }
rollout:
${rollout}
`;
}

export function fleetFixture(rollout: string, extra = ''): Promise<PipelineFixture> {
  return pipelineFixture({ 'meridian.yaml': fleetConfig(rollout, extra) });
}

export async function admin(fx: PipelineFixture, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${fx.cloud.endpoint}/_localcloud/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export interface Operation {
  seq: number;
  account: string;
  region: string;
  service: string;
  action: string;
  stackName?: string;
}

export async function operations(endpoint: string): Promise<Operation[]> {
  return (await (await fetch(`${endpoint}/_localcloud/operations`)).json()) as Operation[];
}

function cfn(fx: PipelineFixture, region: string, account: string) {
  return new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: { accessKeyId: account, secretAccessKey: 'x' } });
}

/** A stack's status and parameters as DescribeStacks shows them, or undefined. */
export async function stackOf(fx: PipelineFixture, region: string, name: string, account = '000000000000') {
  const client = cfn(fx, region, account);
  try {
    const s = (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (!s) return undefined;
    return {
      status: s.StackStatus ?? '',
      parameters: Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue])),
      outputs: Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue])),
    };
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

export async function templateOf(fx: PipelineFixture, region: string, name: string): Promise<string> {
  const client = cfn(fx, region, '000000000000');
  try {
    return (await client.send(new GetTemplateCommand({ StackName: name }))).TemplateBody ?? '';
  } finally {
    client.destroy();
  }
}

/** Regions in the order their first production deploy started, per the run's events. */
export interface DeployMark {
  region: string;
  kind: 'start' | 'end';
}

export function deployStarts(fx: PipelineFixture, runId: string): DeployMark[] {
  return fx.events.flatMap((e): DeployMark[] => {
    if (e.runId !== runId || e.event.type === 'run-started' || e.event.type === 'run-finished') return [];
    const ev = e.event as { type: string; stage?: string; region?: string; stack?: string };
    if (ev.stage !== 'deploy' || !ev.region) return [];
    if (ev.type === 'stage-started' && ev.stack) return [{ region: ev.region, kind: 'start' }];
    if (ev.type === 'stage-finished' && !ev.stack) return [{ region: ev.region, kind: 'end' }];
    return [];
  });
}
