// The Package and Validate stages on AWS: the commit's tree arrives as a zip in the S3 source bucket
// (the replication-fed form), is unpacked to the function's scratch space, then packaged per region
// by the local engine's own packager (packageTemplate) and checked by the validator.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { artifactBucketName, callerAccount, ensureArtifactBucket, send, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import { createPackageCache, packageTemplate, stackOrder, type PipelineConfig } from '../../pipeline/index.js';
import { parseTemplate } from '../../template/index.js';
import { atLeast, createValidator } from '../../validate/index.js';
import { readCommitTree, type CodeCommitPort } from './codecommit-source.js';
import { unzip } from './unzip.js';
import type { RegionArtifact } from './requests.js';

export type Source =
  | { kind: 's3'; bucket: string; key: string; versionId?: string }
  | { kind: 'codecommit'; repository: string; commit: string };

export interface Checkout {
  dir: string;
  commit: string;
  author: { name: string; email: string };
}

/** A source the function cannot read: the run fails with this code. */
export class SourceUnsupported extends Error {
  readonly code = 'SOURCE_UNSUPPORTED';
  override readonly name = 'Meridian.SourceUnsupported';
}

/** Unpacks a repository zip into `scratch`/<name>. */
export function unpack(zip: Buffer, scratch: string, name: string): string {
  return writeTree(unzip(zip), scratch, name);
}

function writeTree(files: Map<string, Buffer>, scratch: string, name: string): string {
  const dir = join(scratch, name.replace(/[^A-Za-z0-9-]/g, '-'));
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of files) {
    if (path.startsWith('/') || path.split('/').includes('..')) throw new Error(`source path ${path} points outside the tree`);
    const file = resolve(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Downloads and unpacks the source into `scratch`/<runId>. Object metadata commit, author-name and author-email describe the commit. */
export async function checkout(cloud: CloudDeps, home: string, scratch: string, runId: string, source: Source, codecommit?: CodeCommitPort): Promise<Checkout> {
  if (source.kind === 'codecommit') {
    if (!codecommit) throw new SourceUnsupported('this function cannot read CodeCommit');
    const dir = writeTree(await readCommitTree(codecommit, source.repository, source.commit), scratch, runId);
    return { dir, commit: source.commit, author: await codecommit.author(source.repository, source.commit) };
  }
  if (source.kind !== 's3') throw new SourceUnsupported(`unknown source kind ${(source as { kind: string }).kind}`);
  const { s3 } = cloud.pool.clients({ region: home });
  const out = await send(cloud, () => s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, ...(source.versionId ? { VersionId: source.versionId } : {}) })));
  const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
  const dir = unpack(bytes, scratch, runId);
  const meta = out.Metadata ?? {};
  return { dir, commit: meta.commit ?? source.versionId ?? out.ETag?.replace(/"/g, '') ?? 'unknown', author: { name: meta['author-name'] ?? '', email: meta['author-email'] ?? '' } };
}

function declaredParameters(body: string): string[] {
  const parsed = parseTemplate(body);
  const params = parsed.ok ? parsed.template.body.Parameters : undefined;
  return params && typeof params === 'object' ? Object.keys(params) : [];
}

/** A packaged template with its text (CodePipeline's actions read templates from an artifact, not a URL). */
export type PackagedArtifact = RegionArtifact & { body: string };

/** Packages every stack for every region into that region's artifact bucket (made by the StackSet). */
export async function packageAll(cloud: CloudDeps, config: PipelineConfig, tree: Checkout, targets: CloudTarget[]): Promise<PackagedArtifact[]> {
  const cache = createPackageCache();
  const artifacts: PackagedArtifact[] = [];
  for (const target of targets) {
    const account = await callerAccount(cloud, target);
    const bucket = artifactBucketName(config.pipeline, account, target.region);
    await ensureArtifactBucket(cloud, target, bucket);
    for (const stack of stackOrder(config, target.region)) {
      const packaged = await packageTemplate(cloud, target, { rootDir: tree.dir, templatePath: stack.template, bucket, prefix: `${config.pipeline}/${stack.name}`, cache });
      artifacts.push({ stack: stack.name, region: target.region, url: packaged.url, sha256: packaged.sha256, parameters: declaredParameters(packaged.templateBody), body: packaged.templateBody });
    }
  }
  return artifacts;
}

/** Validates every stack template with the pipeline's `validation` settings; returns the findings that fail the run. */
export async function validateAll(config: PipelineConfig, tree: Checkout, regions: string[]): Promise<string[]> {
  const v = config.validation;
  const checked = v.regions ?? regions;
  const validator = createValidator({ regions: checked, cwd: tree.dir, settings: { ignore: v.ignore, ignorePaths: v.ignorePaths, severity: v.severity, failOn: v.failOn, regions: checked } });
  const failing: string[] = [];
  for (const stack of config.stacks) {
    const report = await validator.validateFile(resolve(tree.dir, stack.template), checked);
    for (const f of report.findings) {
      if (v.failOn !== 'never' && f.severity !== 'info' && atLeast(f.severity, v.failOn)) failing.push(`${stack.template}:${f.line}:${f.column}: ${f.ruleId} ${f.message}`);
    }
  }
  return failing;
}
