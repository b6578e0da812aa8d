// What a `notifications:` webhook receives, in one place for both engines: the local engine's
// server sends it from its outbox, the AWS-native functions (src/synth) from a Notify task.
import type { PipelineConfig } from '../config/schema.js';

export type NotificationKind = PipelineConfig['notifications'][number]['on'][number];

const TITLES: Record<NotificationKind, string> = {
  approval: 'needs approval',
  failed: 'failed',
  succeeded: 'succeeded',
  drift: 'found drift',
  rejected: 'was rejected',
  'no-changes': 'had no changes',
};

/** The facts a message states. */
export interface NotificationFacts {
  kind: NotificationKind;
  pipeline: string;
  runId: string;
  commit: string;
  /** The run's status when the message was made. */
  status: string;
  reason?: string;
  /** Where to look at the run (the dashboard's run page, or the execution in the AWS console). */
  url: string;
}

export interface NotificationMessage {
  /** The webhook (it may carry a secret: log only its host). */
  webhook: string;
  body: Record<string, unknown>;
}

/** The messages `config` asks for on `facts.kind`: generic JSON, or Slack's `text` payload. */
export function notificationMessages(config: Pick<PipelineConfig, 'notifications'>, facts: NotificationFacts): NotificationMessage[] {
  const { kind, pipeline, runId, commit, status, reason, url } = facts;
  const text = `Meridian: run ${runId} of ${pipeline} (${commit.slice(0, 12)}) ${TITLES[kind]}${reason ? `: ${reason}` : ''}`;
  return config.notifications
    .filter((n) => n.on.includes(kind))
    .map((target) => ({
      webhook: target.webhook,
      body: target.format === 'slack' ? { text: `${text} <${url}|open the run>` } : { event: kind, pipeline, runId, commit, status, ...(reason ? { reason } : {}), url, text },
    }));
}
