// The Notify task of the AWS-native pipeline: POSTs meridian.yaml's `notifications:` webhooks, with
// the same messages the local engine's server sends. A webhook that fails is reported in the task's
// output and never fails the run (the local engine's outbox gives up the same way, after retries).
import { notificationMessages, type NotificationKind, type PipelineConfig } from '../../pipeline/index.js';

/** Sends one message; resolves when the hook answered 2xx. */
export type WebhookPost = (url: string, body: unknown) => Promise<void>;

export interface NotifyRequest {
  runId: string;
  region: string;
  kind: NotificationKind;
  commit?: string;
  reason?: string;
  /** The execution's ARN: the message links to it in the Step Functions console. */
  executionArn?: string;
  /** Where the message links instead (the CodePipeline form names its execution page). */
  url?: string;
  status?: string;
}

/** Attempts per webhook; the whole task stays well inside the function's timeout. */
const ATTEMPTS = 3;

/** POST with a 10 s timeout through the runtime's fetch. */
export const fetchPost: WebhookPost = async (url, body) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`answered ${res.status}`);
};

/** The execution's page in the Step Functions console. */
export function executionUrl(region: string, executionArn: string | undefined): string {
  const base = `https://${region}.console.aws.amazon.com/states/home?region=${region}`;
  return executionArn ? `${base}#/v2/executions/details/${executionArn}` : base;
}

/** A CodePipeline execution's page in the console (`execution` may be an EventBridge placeholder). */
export function pipelineExecutionUrl(region: string, pipeline: string, execution: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/meridian-${pipeline}/executions/${execution}/timeline?region=${region}`;
}

/** Sends the messages for `req.kind`; hosts of hooks that failed are listed (URLs carry secrets). */
export async function notify(config: PipelineConfig, post: WebhookPost, req: NotifyRequest): Promise<{ sent: number; failed: string[] }> {
  const status = req.status ?? { approval: 'waiting', drift: 'running', 'no-changes': 'no-changes', failed: 'failed', succeeded: 'succeeded', rejected: 'rejected' }[req.kind];
  const messages = notificationMessages(config, {
    kind: req.kind,
    pipeline: config.pipeline,
    runId: req.runId,
    commit: req.commit ?? '',
    status,
    url: req.url ?? executionUrl(req.region, req.executionArn),
    // A validation failure's cause lists findings: a message keeps the first 1,000 characters.
    ...(req.reason ? { reason: req.reason.length > 1000 ? `${req.reason.slice(0, 1000)}…` : req.reason } : {}),
  });
  let sent = 0;
  const failed: string[] = [];
  for (const m of messages) {
    let ok = false;
    for (let attempt = 1; attempt <= ATTEMPTS && !ok; attempt++) {
      try {
        await post(m.webhook, m.body);
        ok = true;
      } catch {
        // tried again below; the last failure is reported by host
      }
    }
    if (ok) sent += 1;
    else failed.push(new URL(m.webhook).host);
  }
  return { sent, failed };
}
