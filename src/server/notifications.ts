// Notifications: webhook POSTs (generic JSON or a Slack-compatible `text` payload) when a run needs
// approval, fails, succeeds, is rejected or finds drift. Sent in the background with retries and
// backoff; a failure is logged and never blocks or fails the run. Each message links to the run page.
import { parseConfig, type PipelineConfig, type PipelineEvent } from '../pipeline/index.js';
import type { Store } from '../store/index.js';

export type NotificationKind = PipelineConfig['notifications'][number]['on'][number];

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  factor: number;
}

export const DEFAULT_NOTIFY_RETRY: RetryPolicy = { attempts: 4, backoffMs: 500, factor: 2 };

export interface NotifierOptions {
  store: Store;
  /** Base URL of the dashboard, for links (e.g. http://127.0.0.1:8080). */
  publicUrl: () => string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  retry?: RetryPolicy;
  /** Per-attempt timeout. */
  timeoutMs?: number;
}

/** Which notification an engine event is, if any. */
export function notificationKind(event: PipelineEvent): NotificationKind | undefined {
  if (event.type === 'awaiting-approval') return 'approval';
  if (event.type === 'stage-finished' && event.stage === 'drift' && event.outcome === 'drifted') return 'drift';
  if (event.type === 'run-finished') {
    const s = event.status;
    return s === 'failed' || s === 'succeeded' || s === 'rejected' || s === 'no-changes' ? s : undefined;
  }
  return undefined;
}

const TITLES: Record<NotificationKind, string> = {
  approval: 'needs approval',
  failed: 'failed',
  succeeded: 'succeeded',
  drift: 'found drift',
  rejected: 'was rejected',
  'no-changes': 'had no changes',
};

export class Notifier {
  private readonly inFlight = new Set<Promise<void>>();
  /** Drift is reported per stack x region; one message per run is enough. */
  private readonly sent = new Set<string>();

  constructor(private readonly o: NotifierOptions) {}

  /** Called from the engine's sink: never throws, never waits. */
  onEvent(runId: string, event: PipelineEvent): void {
    const kind = notificationKind(event);
    if (!kind || this.sent.has(`${runId}:${kind}`)) return;
    this.sent.add(`${runId}:${kind}`);
    const run = this.o.store.getRun(runId);
    if (!run) return;
    let config: PipelineConfig;
    try {
      config = parseConfig(String(run.data.configText ?? ''), 'meridian.yaml');
    } catch {
      return;
    }
    const url = `${this.o.publicUrl()}/runs/${encodeURIComponent(runId)}`;
    const reason = event.type === 'run-finished' ? event.reason : event.type === 'stage-finished' ? event.summary : undefined;
    const text = `Meridian: run ${runId} of ${run.pipeline} (${run.commit.slice(0, 12)}) ${TITLES[kind]}${reason ? `: ${reason}` : ''}`;
    for (const target of config.notifications.filter((n) => n.on.includes(kind))) {
      const body =
        target.format === 'slack'
          ? { text: `${text} <${url}|open the run>` }
          : { event: kind, pipeline: run.pipeline, runId, commit: run.commit, status: run.status, ...(reason ? { reason } : {}), url, text };
      const p = this.deliver(target.webhook, body).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async deliver(url: string, body: Record<string, unknown>): Promise<void> {
    const policy = this.o.retry ?? DEFAULT_NOTIFY_RETRY;
    let wait = policy.backoffMs;
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      try {
        const res = await this.o.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
        });
        if (res.ok) return;
        this.o.log('warn', `notification to ${new URL(url).host} answered ${res.status} (attempt ${attempt}/${policy.attempts})`);
      } catch (err) {
        this.o.log('warn', `notification to ${new URL(url).host} failed: ${(err as Error).message} (attempt ${attempt}/${policy.attempts})`);
      }
      if (attempt < policy.attempts) {
        await this.o.sleep(wait);
        wait *= policy.factor;
      }
    }
    this.o.log('error', `notification to ${new URL(url).host} given up after ${policy.attempts} attempts`);
  }

  /** Resolves when every delivery in flight has finished (for shutdown and tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
