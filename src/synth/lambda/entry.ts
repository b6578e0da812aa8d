// The bundled function's entry points (esbuild makes index.mjs of this file). This is the function's
// composition root, as src/cli is the CLI's: the one place that reads the environment, the real
// clock and the SDK clients, then hands them to the actions as ports.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CodeCommitClient, GetBlobCommand, GetCommitCommand, GetFolderCommand } from '@aws-sdk/client-codecommit';
import { PutJobFailureResultCommand, PutJobSuccessResultCommand, CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createClientPool, DEFAULT_RETRY_POLICY, errorCode, isRetryable, type CloudDeps } from '../../cloud/index.js';
import { BUDGET_EXHAUSTED, type PipelineConfig } from '../../pipeline/index.js';
import { runAction, type ActionDeps } from './actions.js';
import { handleApprovalUrl, type ApprovalPorts } from './approval.js';
import type { CodeCommitPort } from './codecommit-source.js';
import { handlePipelineJob, type ArtifactCredentials, type JobPorts, type PipelineJobEvent } from './pipeline-job.js';
import type { ActionRequest } from './requests.js';

// eslint-disable-next-line no-restricted-properties -- the function's composition root owns the real clock
const now = () => Date.now();
const env = process.env;
const endpoint = env.MERIDIAN_ENDPOINT || undefined;
const home = env.AWS_REGION ?? 'us-east-1';
const config = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8')) as PipelineConfig;
const pool = createClientPool({ ...(endpoint ? { endpoint } : {}), now, roleSessionName: `meridian-${config.pipeline}` });
const sdk = { region: home, ...(endpoint ? { endpoint } : {}) };
let ssm: SSMClient | undefined;
let sfn: SFNClient | undefined;
let sns: SNSClient | undefined;
let key: Buffer | undefined;

/** Lambda's context, the part used here. */
interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

function cloudDeps(context?: LambdaContext): CloudDeps {
  // Stop waiting a minute before the function would be killed: the state machine calls again.
  const budget = Math.max(1_000, (context?.getRemainingTimeInMillis() ?? 840_000) - 60_000);
  return {
    pool,
    retry: DEFAULT_RETRY_POLICY,
    // Out of time, a wait ends BUDGET_EXHAUSTED: the task answers in-progress and the next call re-attaches.
    poll: { intervalMs: Number(env.MERIDIAN_POLL_MS ?? 10_000), timeoutMs: budget, timeoutCode: BUDGET_EXHAUSTED },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: () => randomBytes(4).readUInt32BE() / 2 ** 32,
    now,
  };
}

/** The links' HMAC key: made on first use, kept as a SecureString so no template or log holds it. */
async function signingKey(): Promise<Buffer> {
  if (key) return key;
  ssm ??= new SSMClient(sdk);
  const name = `/meridian/${config.pipeline}/approval-signing-key`;
  try {
    await ssm.send(new PutParameterCommand({ Name: name, Type: 'SecureString', Value: randomBytes(32).toString('base64'), Overwrite: false }));
  } catch (err) {
    if (errorCode(err) !== 'ParameterAlreadyExists') throw err;
  }
  const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  key = Buffer.from(out.Parameter?.Value ?? '', 'base64');
  return key;
}

const approvalPorts: ApprovalPorts = {
  signingKey,
  approvalUrl: env.MERIDIAN_APPROVAL_URL ?? '',
  async publish(subject, message) {
    sns ??= new SNSClient(sdk);
    await sns.send(new PublishCommand({ TopicArn: env.MERIDIAN_TOPIC_ARN, Subject: subject, Message: message }));
  },
  async sendSuccess(taskToken, output) {
    sfn ??= new SFNClient(sdk);
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output }));
  },
  async sendFailure(taskToken, error, cause) {
    sfn ??= new SFNClient(sdk);
    await sfn.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  },
  now,
};

let codecommitClient: CodeCommitClient | undefined;
const cc = () => (codecommitClient ??= new CodeCommitClient(sdk));
const codecommit: CodeCommitPort = {
  async folder(repositoryName, commitSpecifier, folderPath) {
    const out = await cc().send(new GetFolderCommand({ repositoryName, commitSpecifier, folderPath }));
    return {
      files: (out.files ?? []).flatMap((f) => (f.absolutePath && f.blobId ? [{ path: f.absolutePath, blobId: f.blobId }] : [])),
      folders: (out.subFolders ?? []).flatMap((f) => (f.absolutePath ? [f.absolutePath] : [])),
    };
  },
  async blob(repositoryName, blobId) {
    const out = await cc().send(new GetBlobCommand({ repositoryName, blobId }));
    return Buffer.from(out.content ?? new Uint8Array());
  },
  async author(repositoryName, commitId) {
    const out = await cc().send(new GetCommitCommand({ repositoryName, commitId }));
    return { name: out.commit?.author?.name ?? '', email: out.commit?.author?.email ?? '' };
  },
};

const actionDeps = (context?: LambdaContext): ActionDeps => ({
  cloud: cloudDeps(context),
  config,
  env,
  approval: approvalPorts,
  home,
  scratch: env.MERIDIAN_SCRATCH ?? '/tmp',
  codecommit,
  now,
  random: () => randomBytes(4).readUInt32BE() / 2 ** 32,
  // The run's events, one JSON line each, in the function's log.
  // eslint-disable-next-line no-console -- the composition root: Lambda keeps what the function logs in CloudWatch Logs
  log: (line) => console.log(line),
});

// CodePipeline hands each job short-lived credentials for its artifact store.
const artifactS3 = (credentials: ArtifactCredentials) => new S3Client({ ...sdk, credentials, ...(endpoint ? { forcePathStyle: true } : {}) });
let codepipeline: CodePipelineClient | undefined;
const jobPorts: JobPorts = {
  async readArtifact(location, credentials) {
    const s3 = artifactS3(credentials);
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: location.bucketName, Key: location.objectKey }));
      return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
    } finally {
      s3.destroy();
    }
  },
  async writeArtifact(location, credentials, zip) {
    const s3 = artifactS3(credentials);
    try {
      await s3.send(new PutObjectCommand({ Bucket: location.bucketName, Key: location.objectKey, Body: zip }));
    } finally {
      s3.destroy();
    }
  },
  async succeed(jobId, outputVariables) {
    codepipeline ??= new CodePipelineClient(sdk);
    await codepipeline.send(new PutJobSuccessResultCommand({ jobId, ...(outputVariables ? { outputVariables } : {}) }));
  },
  async fail(jobId, message) {
    codepipeline ??= new CodePipelineClient(sdk);
    await codepipeline.send(new PutJobFailureResultCommand({ jobId, failureDetails: { type: 'JobFailed', message } }));
  },
};

/** The CodePipeline form's Lambda actions invoke this. */
export async function pipelineJobHandler(event: PipelineJobEvent, context?: LambdaContext): Promise<void> {
  await handlePipelineJob(actionDeps(context), jobPorts, event);
}

/** The state machine's tasks invoke this. Transient AWS errors surface as `Meridian.Transient` (retried by the state machine). */
export async function handler(event: ActionRequest, context?: LambdaContext): Promise<unknown> {
  const deps = actionDeps(context);
  try {
    return await runAction(deps, event);
  } catch (err) {
    if (isRetryable(err, deps.cloud.retry)) {
      const e = err as Error;
      e.name = 'Meridian.Transient';
    }
    throw err;
  }
}

interface UrlEvent {
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

/** The approval function URL (approve/reject links). */
export async function approvalHandler(event: UrlEvent): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  const res = await handleApprovalUrl(config, approvalPorts, {
    method: event.requestContext?.http?.method ?? 'GET',
    query: event.queryStringParameters ?? {},
    form: Object.fromEntries(new URLSearchParams(raw)),
  });
  return { ...res, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } };
}
