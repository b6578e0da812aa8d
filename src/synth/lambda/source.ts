// The commit's tree on AWS: a zip in the S3 source bucket (the replication-fed form) or a CodeCommit
// commit, unpacked to the function's scratch space, where the Package and Validate stages read it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { send, type CloudDeps } from '../../cloud/index.js';
import { readCommitTree, type CodeCommitPort } from './codecommit-source.js';
import { unzip } from './unzip.js';

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
