// The emitted state machine run end to end by aws-local-stepfunctions (asl-interpreter.ts; the
// in-house simulator only where the library cannot: a wave failing within its tolerance), its tasks
// answered by the regional function's actions against localcloud over HTTP: a first run deploys
// every region and records; the same commit again ends as "No changes"; a rejected change is
// reverted exactly; a wave over its failure tolerance stops the run before later waves.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { retryPolicy, type CloudDeps } from '../../src/cloud/index.js';
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js';
import type { PipelineConfig } from '../../src/pipeline/index.js';
import { zipFiles } from '../../src/synth/zip-files.js';
import { REJECT, runExecution, type Decide } from './sfn-host.js';
import { readRecord } from '../../src/pipeline/index.js';
import { configOf } from './configs.js';
import { treeOf } from './tree-of.js';
import { cloudDepsFor } from '../helpers/cloud-deps.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop-infra/', import.meta.url));
const credentials = { accessKeyId: '000000000000', secretAccessKey: 'test' };


describe('synth: the emitted state machine, run against localcloud', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let cloudDeps: CloudDeps;
  let scratch: string;

  before(async () => {
    cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
    scratch = mkdtempSync(join(tmpdir(), 'meridian-sm-'));
    s3 = new S3Client({ region: 'us-east-1', endpoint: cloud.endpoint, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: 'src' }));
    cloudDeps = cloudDepsFor(cloud.endpoint, {
      retry: retryPolicy({ attempts: 4, baseDelayMs: 20, maxDelayMs: 100 }),
      poll: { intervalMs: 20, timeoutMs: 30_000 },
      random: () => 0.5,
    });
  });

  after(async () => {
    cloudDeps.pool.destroy();
    s3.destroy();
    await cloud.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function upload(key: string, edit: (files: Record<string, Buffer>) => void = () => {}) {
    const files = treeOf(EXAMPLE);
    edit(files);
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: key, Body: zipFiles(files), Metadata: { commit: key, 'author-email': 'dev@example.com' } }));
  }

  const run = (config: PipelineConfig, execution: string, key: string, decide?: Decide, options: { simulator?: boolean } = {}) =>
    runExecution({ cloud: cloudDeps, scratch, config, execution, bucket: 'src', key, ...(decide ? { decide } : {}), ...options });
  const fault = (body: object) => fetch(`${cloud.endpoint}/_localcloud/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const recordOf = async (region: string, stack: string, variant: 'production' | 'stage' = 'production') => {
    const r = await readRecord(cloudDeps, { region }, 'shop-infra', stack, variant);
    return r.kind === 'record' ? r.record : undefined;
  };

  const ssmValue = async (region: string, name: string) => {
    const ssm = new SSMClient({ region, endpoint: cloud.endpoint, credentials });
    try {
      return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
    } catch {
      return undefined;
    } finally {
      ssm.destroy();
    }
  };

  it('a first run goes through every stage, waits for approval, deploys all waves and records', async () => {
    await upload('v1.zip');
    const result = await run(configOf('shop-infra'), 'exec-1', 'v1.zip');
    assert.equal(result.status, 'SUCCEEDED', `${result.error}: ${result.cause}`);
    const top = result.visited.filter((s) => ['Package', 'Validate', 'Preview', 'Stage', 'Drift', 'Approval', 'Decided', 'Wave 1: us-east-1', 'Wave 2: us-west-2, eu-west-1', 'Finish'].includes(s));
    assert.deepEqual([...new Set(top)], ['Package', 'Validate', 'Preview', 'Stage', 'Drift', 'Approval', 'Decided', 'Wave 1: us-east-1', 'Wave 2: us-west-2, eu-west-1', 'Finish']);
    assert.equal(result.approvals[0]?.action, 'request-approval');
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      assert.equal(JSON.parse((await ssmValue(region, '/meridian/shop-infra/shop-app/last-approved')) ?? '{}').commit, 'v1.zip', region);
      assert.deepEqual((await recordOf(region, 'shop-app'))?.parameters.Greeting, { value: region === 'eu-west-1' ? 'bonjour' : 'hello' }, `the record keeps the value in ${region}`);
    }
    assert.equal((await recordOf('us-east-1', 'shop-app', 'stage'))?.stackName, 'shop-app-stage', 'the stage stack is recorded too');
  });

  it('the same tree again ends as "No changes" after the preview', async () => {
    await upload('v1-again.zip');
    const result = await run(configOf('shop-infra'), 'exec-2', 'v1-again.zip');
    assert.equal(result.status, 'SUCCEEDED');
    assert.equal(result.visited.at(-1), 'No changes');
    assert.equal(result.approvals.length, 0);
  });

  it('a rejected change fails the run as Meridian.Rejected and reverts the stage stacks', async () => {
    await upload('v2.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=off'))));
    const result = await run(configOf('shop-infra'), 'exec-3', 'v2.zip', REJECT);
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'Meridian.Rejected');
    assert.ok(result.visited.includes('Decided (refused)'));
    assert.equal(result.visited.includes('Finish'), false);
    // The stage stack is back at the approved v1 value; production never saw v2.
    assert.equal(await ssmValue('us-east-1', '/shop/shop-config-stage/feature-flags'), 'checkout=on,search=on');
    assert.equal(await ssmValue('us-east-1', '/shop/shop-config/feature-flags'), 'checkout=on,search=on');
  });

  it('a wave over its failure tolerance stops the later waves', async () => {
    await upload('v3.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=v3'))));
    const base = configOf('shop-infra');
    const config: PipelineConfig = { ...base, approval: { ...base.approval, required: false }, rollout: { ...base.rollout, waves: [['us-east-1', 'us-west-2'], ['eu-west-1']], failureTolerance: 0 } };
    await fault({ region: 'us-west-2', resourceType: 'AWS::SSM::Parameter', operation: 'update', message: 'injected' });
    const result = await run(config, 'exec-4', 'v3.zip');
    assert.equal(result.status, 'FAILED', result.visited.join(' > '));
    assert.equal(result.error, 'Meridian.DeployFailed');
    assert.equal(result.visited.some((s) => s.startsWith('Wave 2')), false);
    assert.equal(await ssmValue('eu-west-1', '/shop/shop-config/feature-flags'), 'checkout=on,search=on');
  });

  it('with rollout.onFailure rollback, the regions of the failed wave go back to the last approved artifact', async () => {
    await upload('v4.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=v4'))));
    const base = configOf('shop-infra');
    const config: PipelineConfig = { ...base, approval: { ...base.approval, required: false }, rollout: { ...base.rollout, waves: [['us-east-1', 'us-west-2'], ['eu-west-1']], failureTolerance: 0, onFailure: 'rollback' } };
    await fault({ region: 'us-west-2', resourceType: 'AWS::SSM::Parameter', operation: 'update', message: 'injected' });
    const result = await run(config, 'exec-5', 'v4.zip');
    assert.equal(result.error, 'Meridian.DeployFailed');
    assert.ok(result.visited.includes('Deploy failed: end the run'));
    // us-east-1 had v4 for a moment; it is back at the approved v1.
    assert.equal(await ssmValue('us-east-1', '/shop/shop-config/feature-flags'), 'checkout=on,search=on');
  });

  it('drift on a production stack blocks the run before approval (drift.onDrift: block)', async () => {
    const ssm = new SSMClient({ region: 'eu-west-1', endpoint: cloud.endpoint, credentials });
    await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'edited-in-console', Type: 'String', Overwrite: true }));
    ssm.destroy();
    await upload('v5.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=v5'))));
    const result = await run(configOf('shop-infra'), 'exec-6', 'v5.zip');
    assert.equal(result.error, 'Meridian.DriftDetected');
    assert.equal(result.approvals.length, 0);
  });

  it('an approval that times out reverts like a rejection', async () => {
    const base = configOf('shop-infra');
    const config: PipelineConfig = { ...base, drift: { onDrift: 'warn', enabled: true, requireChecked: false } };
    const result = await run(config, 'exec-7', 'v5.zip', () => {
      throw Object.assign(new Error('no decision within the timeout'), { name: 'States.Timeout' });
    });
    assert.equal(result.error, 'Meridian.Rejected');
    assert.ok(result.visited.includes('Decided (refused)'));
  });

  it('a region that fails within the tolerance keeps its last approved artifact; the others record the new one', async () => {
    await upload('v6.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=v6'))));
    const base = configOf('shop-infra');
    const config: PipelineConfig = { ...base, drift: { onDrift: 'warn', enabled: true, requireChecked: false }, approval: { ...base.approval, required: false }, rollout: { ...base.rollout, waves: [['us-east-1', 'us-west-2'], ['eu-west-1']], failureTolerance: 1 } };
    const before = JSON.parse((await ssmValue('us-west-2', '/meridian/shop-infra/shop-config/last-approved')) ?? '{}').commit;
    await fault({ region: 'us-west-2', resourceType: 'AWS::SSM::Parameter', operation: 'update', message: 'injected' });
    // The library fails a Map on any failed iteration: tolerance is the in-house simulator's to run.
    const result = await run(config, 'exec-8', 'v6.zip', undefined, { simulator: true });
    assert.equal(result.status, 'SUCCEEDED', `${result.error}: ${result.cause}`);
    const commitIn = async (region: string) => JSON.parse((await ssmValue(region, '/meridian/shop-infra/shop-config/last-approved')) ?? '{}').commit;
    assert.equal(await commitIn('us-east-1'), 'v6.zip');
    assert.equal(await commitIn('eu-west-1'), 'v6.zip');
    assert.equal(await commitIn('us-west-2'), before);
  });

  it('notifications: webhooks hear of the success, a run without changes and a rejection; a dead hook fails nothing', async () => {
    const received: { path: string; body: Record<string, unknown> }[] = [];
    const hook = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
    try {
      const shop = configOf('shop-infra');
      const config: PipelineConfig = {
        ...shop,
        drift: { onDrift: 'warn', enabled: true, requireChecked: false },
        notifications: [
          { webhook: `${base}/json`, on: ['approval', 'succeeded', 'no-changes', 'rejected', 'failed'], format: 'json' },
          { webhook: `${base}/slack`, on: ['succeeded'], format: 'slack' },
          // Nothing listens on port 9: the run must not notice.
          { webhook: 'http://127.0.0.1:9/down', on: ['succeeded'], format: 'json' },
        ],
      };
      await upload('n1.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=n1'))));
      const first = await run(config, 'exec-n1', 'n1.zip');
      assert.equal(first.status, 'SUCCEEDED', `${first.error}: ${first.cause}`);
      const json = () => received.filter((r) => r.path === '/json').map((r) => r.body);
      assert.deepEqual(json().map((b) => b.event), ['approval', 'succeeded']);
      // request-approval posts the 'approval' webhooks, linking the waiting execution.
      assert.equal(json()[0]?.status, 'waiting');
      assert.match(String(json()[0]?.url), /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/states\/home\?region=us-east-1#\/v2\/executions\/details\/arn:aws:states:.*:exec-n1$/);
      const done = json()[1] ?? {};
      assert.equal(done.runId, 'exec-n1');
      assert.equal(done.commit, 'n1.zip');
      assert.equal(done.pipeline, 'shop-infra');
      assert.match(String(done.url), /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/states\/.*execution:meridian-shop-infra:exec-n1$/);
      const slack = received.find((r) => r.path === '/slack')?.body;
      assert.match(String(slack?.text), /^Meridian: run exec-n1 of shop-infra \(n1\.zip\) succeeded <https:.*\|open the run>$/);

      await upload('n1-again.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=n1'))));
      const again = await run(config, 'exec-n2', 'n1-again.zip');
      assert.equal(again.visited.at(-1), 'No changes');
      assert.equal(json().at(-1)?.event, 'no-changes');

      await upload('n3.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('search=on', 'search=n3'))));
      const rejected = await run(config, 'exec-n3', 'n3.zip', REJECT);
      assert.equal(rejected.error, 'Meridian.Rejected');
      assert.deepEqual([json().at(-1)?.event, json().at(-1)?.reason], ['rejected', 'the approval was refused or timed out; the stage stacks were reverted']);
      assert.equal(received.length, 6, 'approval, succeeded twice (json, slack), no-changes, approval, rejected');

      // A template the validator refuses: announced as failed, and the run still ends with the
      // validation's own error.
      await upload('n4.zip', (f) => (f['templates/config.yaml'] = Buffer.from(String(f['templates/config.yaml']).replace('    Type: AWS::S3::Bucket', '    Type: AWS::S3::Buckett'))));
      const invalid = await run(config, 'exec-n4', 'n4.zip');
      assert.equal(invalid.status, 'FAILED');
      assert.equal(invalid.error, 'Meridian.ValidationFailed');
      assert.match(invalid.cause ?? '', /E3006/);
      assert.ok(invalid.visited.includes('Notify: failed (Run failed)'));
      assert.ok(invalid.visited.includes('Run failed: end the run'));
      const failed = json().at(-1) ?? {};
      assert.equal(failed.event, 'failed');
      assert.match(String(failed.reason), /^validation found \d+ error\(s\); policy failOn=error: templates\/config.yaml:\d+:\d+: E3006/);
    } finally {
      hook.close();
    }
  });
});
