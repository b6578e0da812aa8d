// Where approved records live: in the cloud, in the stack's own region and account — an object in
// that region's artifact bucket (versioned, encrypted) and a summary SSM parameter — so both hosts
// (the local engine, the AWS-native functions) write and read the same record.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { artifactBucketName, callerAccount, clientsOf, errorCode, putParameter, send, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import { isCompleteRecord, type ApprovedRecord, type Variant } from './approved-record.js';

export const lastApprovedParameter = (pipeline: string, stack: string, variant: Variant = 'production') =>
  `/meridian/${pipeline}/${stack}/${variant === 'stage' ? 'last-approved-stage' : 'last-approved'}`;

const recordKey = (stack: string, variant: Variant) => `records/${stack}/${variant}.json`;

async function bucketOf(cloud: CloudDeps, target: CloudTarget, pipeline: string): Promise<string> {
  return artifactBucketName(pipeline, await callerAccount(cloud, target), target.region);
}

/** Writes the record (the object first: the SSM summary points at something that exists). */
export async function writeRecord(cloud: CloudDeps, target: CloudTarget, rec: ApprovedRecord): Promise<void> {
  const bucket = await bucketOf(cloud, target, rec.pipeline);
  const { s3 } = clientsOf(cloud, target);
  await send(cloud, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: recordKey(rec.stack, rec.variant), Body: JSON.stringify(rec), ContentType: 'application/json' })));
  const summary = { runId: rec.runId, commit: rec.commit, url: rec.template.url, sha256: rec.template.sha256, record: `s3://${bucket}/${recordKey(rec.stack, rec.variant)}` };
  await putParameter(cloud, target, lastApprovedParameter(rec.pipeline, rec.stack, rec.variant), JSON.stringify(summary), 'Last approved Meridian record');
}

export type RecordLookup = { kind: 'none' } | { kind: 'record'; record: ApprovedRecord } | { kind: 'incomplete'; why: string };

/** The last approved record of a stack, if any. */
export async function readRecord(cloud: CloudDeps, target: CloudTarget, pipeline: string, stack: string, variant: Variant): Promise<RecordLookup> {
  const bucket = await bucketOf(cloud, target, pipeline);
  const { s3 } = clientsOf(cloud, target);
  let text: string;
  try {
    const out = await send(cloud, () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: recordKey(stack, variant) })));
    text = (await out.Body?.transformToString()) ?? '';
  } catch (err) {
    const code = errorCode(err);
    if (code === 'NoSuchKey' || code === 'NoSuchBucket' || code === 'NotFound') return { kind: 'none' };
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'incomplete', why: `s3://${bucket}/${recordKey(stack, variant)} is not JSON` };
  }
  if (!isCompleteRecord(data)) return { kind: 'incomplete', why: `s3://${bucket}/${recordKey(stack, variant)} was written by an older Meridian and lacks parameter values` };
  return { kind: 'record', record: data };
}
