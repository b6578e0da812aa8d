// The CodePipeline checks against localcloud over HTTP: a Package job reads the source artifact and
// writes the Packaged artifact (templates and template configurations per region), a Validate job
// passes, Drift reports, and a job with a bad request fails with a reason.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { retryPolicy, type CloudDeps } from '../../../src/cloud/index.js';
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js';
import type { ActionDeps } from '../../../src/synth/lambda/actions.js';
import { readRecord } from '../../../src/pipeline/index.js';
import { handlePipelineJob, type JobPorts, type PipelineJobEvent } from '../../../src/synth/lambda/pipeline-job.js';
import { unzip } from '../../../src/synth/lambda/unzip.js';
import { zipFiles } from '../../../src/synth/zip-files.js';
import { configOf } from '../configs.js';
import { treeOf } from '../tree-of.js';
import { cloudDepsFor } from '../../helpers/cloud-deps.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/shop-infra/', import.meta.url));
const credentials = { accessKeyId: '000000000000', secretAccessKey: 'test' };
const BUCKET = 'codepipeline-artifacts';


describe('synth: CodePipeline checks against localcloud', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let deps: ActionDeps;
  let scratch: string;
  const results: { jobId: string; ok: boolean; detail: unknown }[] = [];
  let ports: JobPorts;

  const job = (id: string, request: unknown, inputs: string[], outputs: string[] = []): PipelineJobEvent => ({
    'CodePipeline.job': {
      id,
      data: {
        actionConfiguration: { configuration: { UserParameters: typeof request === 'string' ? request : JSON.stringify(request) } },
        inputArtifacts: inputs.map((key) => ({ name: key, location: { type: 'S3', s3Location: { bucketName: BUCKET, objectKey: key } } })),
        outputArtifacts: outputs.map((key) => ({ name: key, location: { type: 'S3', s3Location: { bucketName: BUCKET, objectKey: key } } })),
        artifactCredentials: credentials,
      },
    },
  });

  before(async () => {
    cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
    scratch = mkdtempSync(join(tmpdir(), 'meridian-cp-'));
    s3 = new S3Client({ region: 'us-east-1', endpoint: cloud.endpoint, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'Source/abc.zip', Body: zipFiles(treeOf(EXAMPLE)) }));
    const cloudDeps: CloudDeps = cloudDepsFor(cloud.endpoint, {
      retry: retryPolicy({ attempts: 4, baseDelayMs: 20, maxDelayMs: 100 }),
      poll: { intervalMs: 20, timeoutMs: 30_000 },
      random: () => 0.5,
    });
    const unused = async () => Promise.reject(new Error('not used by CodePipeline checks'));
    deps = {
      cloud: cloudDeps, config: configOf('shop-infra'), env: {}, home: 'us-east-1', scratch, now: () => Date.now(), random: Math.random, log: () => {},
      approval: { signingKey: unused, approvalUrl: '', publish: unused, sendSuccess: unused, sendFailure: unused, now: () => 0 },
    };
    ports = {
      async readArtifact(location) {
        const out = await s3.send(new GetObjectCommand({ Bucket: location.bucketName, Key: location.objectKey }));
        return Buffer.from(await out.Body!.transformToByteArray());
      },
      async writeArtifact(location, _creds, zip) {
        await s3.send(new PutObjectCommand({ Bucket: location.bucketName, Key: location.objectKey, Body: zip }));
      },
      succeed: async (jobId, detail) => void results.push({ jobId, ok: true, detail }),
      fail: async (jobId, detail) => void results.push({ jobId, ok: false, detail }),
    };
  });

  after(async () => {
    deps.cloud.pool.destroy();
    s3.destroy();
    await cloud.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const targets = ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region }));
  const resultOf = (id: string) => results.find((r) => r.jobId === id);

  it('Package writes templates and per-region template configurations', async () => {
    await handlePipelineJob(deps, ports, job('package', { action: 'package-artifact', runId: 'exec-1', targets, commit: 'abc' }, ['Source/abc.zip'], ['Packaged/abc.zip']));
    assert.deepEqual(resultOf('package'), { jobId: 'package', ok: true, detail: { stacks: '2' } });
    const out = await ports.readArtifact({ bucketName: BUCKET, objectKey: 'Packaged/abc.zip' }, credentials);
    const files = unzip(out);
    assert.ok(files.has('us-west-2/shop-app.template'));
    const config = (path: string) => JSON.parse(files.get(path)?.toString('utf8') ?? 'null');
    // Literals and region overrides are in the file; other stacks' outputs come by Fn::GetParam instead.
    assert.deepEqual(config('eu-west-1/shop-app.production.json').Parameters, { Greeting: 'bonjour' });
    assert.deepEqual(config('us-east-1/shop-config.stage.json'), { Parameters: { Environment: 'production' }, Tags: { team: 'shop', 'meridian:pipeline': 'shop-infra' } });
    assert.equal(config('us-west-2/shop-config.stage.json'), null, 'stage stacks live in the primary region only');
    const artifacts = config('artifacts.json') as { stack: string; region: string; url: string }[];
    assert.equal(artifacts.length, 6);
    // The Lambda asset of shop-app was uploaded to each region's own bucket.
    for (const region of ['us-west-2', 'eu-west-1']) assert.match(files.get(`${region}/shop-app.template`)?.toString('utf8') ?? '', new RegExp(`meridian-shop-infra-000000000000-${region}`));
  });

  it('Validate and Drift succeed on a clean, undeployed pipeline', async () => {
    await handlePipelineJob(deps, ports, job('validate', { action: 'validate', runId: 'exec-1', targets }, ['Source/abc.zip']));
    assert.equal(resultOf('validate')?.ok, true, JSON.stringify(resultOf('validate')));
    await handlePipelineJob(deps, ports, job('drift', { action: 'drift', runId: 'exec-1', targets }, ['Packaged/abc.zip']));
    assert.deepEqual(resultOf('drift'), { jobId: 'drift', ok: true, detail: { drifted: 'false' } });
  });

  it('Preview reports changes from the Packaged artifact', async () => {
    await handlePipelineJob(deps, ports, job('preview', { action: 'preview', runId: 'exec-1', targets }, ['Packaged/abc.zip']));
    assert.deepEqual(resultOf('preview'), { jobId: 'preview', ok: true, detail: { changed: 'true' } });
  });

  it('Record refuses to record a stack whose inputs are not deployed (a value it would record does not exist)', async () => {
    await handlePipelineJob(deps, ports, job('record-early', { action: 'record', runId: 'exec-1', targets, commit: 'abc' }, ['Packaged/abc.zip']));
    assert.equal(resultOf('record-early')?.ok, false);
    assert.match(String(resultOf('record-early')?.detail), /stack shop-config in us-east-1 has no output AssetsBucketName/);
  });

  it('Record writes the approved record of every region (and of the stage stack), with every parameter value', async () => {
    const onlyConfig: ActionDeps = { ...deps, config: { ...deps.config, stacks: deps.config.stacks.filter((s) => s.name === 'shop-config') } };
    await handlePipelineJob(onlyConfig, ports, job('record', { action: 'record', runId: 'exec-1', targets, commit: 'abc' }, ['Packaged/abc.zip']));
    assert.deepEqual(resultOf('record'), { jobId: 'record', ok: true, detail: { recorded: '4' } });
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const ssm = new SSMClient({ region, endpoint: cloud.endpoint, credentials });
      const out = await ssm.send(new GetParameterCommand({ Name: '/meridian/shop-infra/shop-config/last-approved' }));
      ssm.destroy();
      assert.equal(JSON.parse(out.Parameter?.Value ?? '{}').commit, 'abc');
      const record = await readRecord(deps.cloud, { region }, 'shop-infra', 'shop-config', 'production');
      assert.deepEqual(record.kind === 'record' ? record.record.parameters : undefined, { Environment: { value: 'production' } });
    }
  });

  it('a job whose request is not JSON fails with a reason', async () => {
    await handlePipelineJob(deps, ports, job('bad', 'not json', []));
    assert.deepEqual(resultOf('bad'), { jobId: 'bad', ok: false, detail: 'UserParameters is not JSON' });
  });

  it("Drift announces drift to the 'drift' webhooks (CodePipeline has no event for it), then applies the policy", async () => {
    const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: cloud.endpoint, credentials });
    await cfn.send(new CreateStackCommand({ StackName: 'shop-config', TemplateBody: JSON.stringify({ Resources: { Flags: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/cp-drift/flags', Type: 'String', Value: 'on' } } } }) }));
    for (let i = 0; i < 500 && (await cfn.send(new DescribeStacksCommand({ StackName: 'shop-config' }))).Stacks?.[0]?.StackStatus !== 'CREATE_COMPLETE'; i++) await new Promise((r) => setTimeout(r, 5));
    cfn.destroy();
    const ssm = new SSMClient({ region: 'us-east-1', endpoint: cloud.endpoint, credentials });
    await ssm.send(new PutParameterCommand({ Name: '/cp-drift/flags', Value: 'off', Type: 'String', Overwrite: true }));
    ssm.destroy();
    const posted: { url: string; body: Record<string, unknown> }[] = [];
    const withHooks: ActionDeps = {
      ...deps,
      config: { ...deps.config, drift: { onDrift: 'block', enabled: true, requireChecked: false }, notifications: [{ webhook: 'https://hooks.example.com/drift', on: ['drift'], format: 'json' }] },
      post: async (url, body) => void posted.push({ url, body: body as Record<string, unknown> }),
    };
    await handlePipelineJob(withHooks, ports, job('drift-2', { action: 'drift', runId: 'exec-2', targets: [{ region: 'us-east-1' }] }, ['Packaged/abc.zip']));
    assert.equal(resultOf('drift-2')?.ok, false, 'drift.onDrift block fails the action');
    assert.equal(posted.length, 1);
    assert.equal(posted[0]?.body.event, 'drift');
    assert.match(String(posted[0]?.body.reason), /^drift detected on shop-config@us-east-1 \(drift.onDrift: block\)$/);
    assert.equal(posted[0]?.body.url, 'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/meridian-shop-infra/executions/exec-2/timeline?region=us-east-1');
  });
});
