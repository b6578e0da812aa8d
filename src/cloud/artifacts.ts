// Per-region artifact buckets: created if missing, versioned, encrypted; objects content-addressed
// so an unchanged template or asset is never uploaded twice.
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import type { CloudTarget } from './clients.js';
import { clientsOf, send, type CloudDeps } from './cloud-deps.js';
import { errorCode } from './retry-policy.js';

/** The artifact bucket name of a pipeline in one account x region (bucket names are global). */
export function artifactBucketName(pipeline: string, account: string, region: string): string {
  return `meridian-${pipeline}-${account}-${region}`.slice(0, 63).replace(/-+$/, '');
}

const missing = (err: unknown) => ['NotFound', 'NoSuchBucket', 'NoSuchKey', '404'].includes(errorCode(err) ?? '') || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** Makes sure the bucket exists in the target region, versioned and encrypted (SSE-S3 by default, SSE-KMS with a key). */
export async function ensureArtifactBucket(deps: CloudDeps, target: CloudTarget, bucket: string, kmsKeyId?: string): Promise<{ created: boolean }> {
  const { s3 } = clientsOf(deps, target);
  try {
    await send(deps, () => s3.send(new HeadBucketCommand({ Bucket: bucket })));
    return { created: false };
  } catch (err) {
    if (!missing(err)) throw err;
  }
  const location = target.region === 'us-east-1' ? undefined : { LocationConstraint: target.region as BucketLocationConstraint };
  try {
    await send(deps, () => s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: location })));
  } catch (err) {
    if (errorCode(err) !== 'BucketAlreadyOwnedByYou') throw err;
  }
  await send(deps, () => s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } })));
  await send(deps, () =>
    s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: kmsKeyId ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyId } : { SSEAlgorithm: 'AES256' } }],
        },
      }),
    ),
  );
  return { created: true };
}

export interface StoredArtifact {
  bucket: string;
  key: string;
  versionId?: string;
  sha256: string;
  /** Whether this call uploaded it (false: the same content was already there). */
  uploaded: boolean;
  /** Path-style URL CloudFormation accepts as TemplateURL. */
  url: string;
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Uploads `content` under `prefix/<sha256><suffix>` unless that key exists already. */
export async function putArtifact(
  deps: CloudDeps,
  target: CloudTarget,
  options: { bucket: string; prefix: string; suffix: string; content: Buffer | string; endpoint?: string },
): Promise<StoredArtifact> {
  const { s3 } = clientsOf(deps, target);
  const digest = sha256(options.content);
  const key = `${options.prefix}/${digest}${options.suffix}`;
  const host = options.endpoint ?? (target.region === 'us-east-1' ? 'https://s3.amazonaws.com' : `https://s3.${target.region}.amazonaws.com`);
  const url = `${host.replace(/\/$/, '')}/${options.bucket}/${key}`;
  try {
    const head = await send(deps, () => s3.send(new HeadObjectCommand({ Bucket: options.bucket, Key: key })));
    return { bucket: options.bucket, key, sha256: digest, uploaded: false, url, ...(head.VersionId ? { versionId: head.VersionId } : {}) };
  } catch (err) {
    if (!missing(err)) throw err;
  }
  const put = await send(deps, () => s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: options.content })));
  return { bucket: options.bucket, key, sha256: digest, uploaded: true, url, ...(put.VersionId ? { versionId: put.VersionId } : {}) };
}
