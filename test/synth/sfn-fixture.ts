// A fresh localcloud for the Step Functions host: a source bucket fed with zips of a tree (the
// example plus edits, as a CI step would upload a commit) and executions of the emitted machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { artifactBucketName, callerAccount } from '../../src/cloud/index.js';
import { startLocalCloud } from '../../src/localcloud/index.js';
import type { PipelineConfig } from '../../src/pipeline/index.js';
import { s3Journal } from '../../src/synth/lambda/s3-journal.js';
import { zipFiles } from '../../src/synth/zip-files.js';
import { cloudDepsFor } from '../helpers/cloud-deps.js';
import { DEV } from '../helpers/example-repo.js';
import { APPROVE, REJECT, runExecution, type SfnRun } from './sfn-host.js';
import { treeOf } from './tree-of.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop-infra/', import.meta.url));
const HOME = 'us-east-1';
const SOURCE_BUCKET = 'src';

/** A fault localcloud injects into the next matching resource operation (POST /_localcloud/faults). */
export interface Fault {
  region: string;
  resourceType: string;
  operation: 'create' | 'update' | 'delete';
  message: string;
}

export async function startSfnFixture(initial: Record<string, string> = {}) {
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  const scratch = mkdtempSync(join(tmpdir(), 'meridian-sfn-'));
  const deps = cloudDepsFor(cloud.endpoint);
  const s3 = new S3Client({ region: HOME, endpoint: cloud.endpoint, forcePathStyle: true, credentials: { accessKeyId: '000000000000', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: SOURCE_BUCKET }));
  const files: Record<string, Buffer> = treeOf(EXAMPLE);
  for (const [path, text] of Object.entries(initial)) files[path] = Buffer.from(text);
  return {
    endpoint: cloud.endpoint,
    /** Applies `edits` and uploads the tree as a new version of s3://src/`key`, named by `key` as its commit; returns the tree. */
    async commit(edits: Record<string, string>, key: string): Promise<Record<string, Buffer>> {
      for (const [path, text] of Object.entries(edits)) files[path] = Buffer.from(text);
      await s3.send(new PutObjectCommand({ Bucket: SOURCE_BUCKET, Key: key, Body: zipFiles(files), Metadata: { commit: key, 'author-email': DEV.email, 'author-name': DEV.name } }));
      return { ...files };
    },
    execute(config: PipelineConfig, execution: string, key: string, decision: 'approve' | 'reject'): Promise<SfnRun> {
      return runExecution({ cloud: deps, scratch, config, execution, bucket: SOURCE_BUCKET, key, decide: decision === 'approve' ? APPROVE : REJECT });
    },
    /** The run's status in its journal (the S3 objects beside the execution). */
    async runStatus(config: PipelineConfig, execution: string): Promise<string> {
      const bucket = artifactBucketName(config.pipeline, await callerAccount(deps, { region: HOME }), HOME);
      const journal = s3Journal({ cloud: deps, target: { region: HOME }, bucket, runId: execution, now: () => Date.now(), log: () => {} });
      return (await journal.run())?.status ?? 'no journal';
    },
    async stop(): Promise<void> {
      deps.pool.destroy();
      s3.destroy();
      await cloud.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
