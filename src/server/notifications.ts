// Notifications: webhook POSTs (generic JSON or a Slack-compatible `text` payload) when a run needs
// approval, fails, succeeds, is rejected or finds drift. Sent in the background from a durable outbox
// with retries and backoff; a failure is logged and never blocks or fails the run. Each message links
// to the run page.
import { notificationMessages, parseConfig, type NotificationKind, type PipelineConfig, type PipelineEvent } from '../pipeline/index.js';
import type { NotificationRecord, Store } from '../store/index.js';

export type { NotificationKind };

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
  now: () => number;
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

/**
 * Notifications go through an outbox in the store: queued when the event happens, delivered by a
 * background pump with retries and backoff, and picked up again by the next process if this one
 * stops before they are sent.
 */
export class Notifier {
  private pump: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  /** Ends the pump's wait for the next due time (a new message, or stop). */
  private wake: (() => void) | undefined;

  constructor(private readonly o: NotifierOptions) {}

  /** Called from the engine's sink: queues, never throws, never waits. */
  onEvent(runId: string, event: PipelineEvent): void {
    const kind = notificationKind(event);
    if (!kind) return;
    try {
      this.queue(runId, kind, event);
    } catch (err) {
      this.o.log('error', `notification for run ${runId} not queued: ${(err as Error).message}`);
    }
    this.kick();
  }

  private queue(runId: string, kind: NotificationKind, event: PipelineEvent): void {
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
    const facts = { kind, pipeline: run.pipeline, runId, commit: run.commit, status: run.status, url, ...(reason ? { reason } : {}) };
    for (const m of notificationMessages(config, facts)) {
      this.o.store.enqueueNotification({ runId, kind, url: m.webhook, body: m.body, dueAt: this.o.now() });
    }
  }

  /** Starts the pump (or asks the running one to look again); also resumes what a previous process left. */
  kick(): void {
    if (this.stopping) return;
    if (this.pump) {
      this.again = true;
      this.wake?.();
      return;
    }
    this.pump = this.run().finally(() => {
      this.pump = undefined;
    });
  }

  private async run(): Promise<void> {
    const { store } = this.o;
    for (;;) {
      this.again = false;
      const due = store.dueNotifications(this.o.now());
      for (const n of due) {
        if (this.stopping) return;
        await this.attempt(n);
      }
      if (due.length || this.again) continue;
      const next = store.nextNotificationAt();
      if (next === undefined || this.stopping) return;
      await Promise.race([this.o.sleep(Math.max(0, next - this.o.now())), new Promise<void>((r) => (this.wake = r))]);
      this.wake = undefined;
      if (this.stopping) return;
    }
  }

  private async attempt(n: NotificationRecord): Promise<void> {
    const policy = this.o.retry ?? DEFAULT_NOTIFY_RETRY;
    const attempts = n.attempts + 1;
    const host = new URL(n.url).host;
    let error: string;
    try {
      const res = await this.o.fetch(n.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(n.body),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      if (res.ok) {
        this.o.store.updateNotification(n.id, { status: 'sent', attempts, nextAt: n.nextAt });
        return;
      }
      error = `answered ${res.status}`;
    } catch (err) {
      error = `failed: ${(err as Error).message}`;
    }
    // Hook URLs carry secrets (Slack's do): only the host is logged.
    this.o.log('warn', `notification to ${host} ${error} (attempt ${attempts}/${policy.attempts})`);
    if (attempts >= policy.attempts) {
      this.o.store.updateNotification(n.id, { status: 'failed', attempts, nextAt: n.nextAt, lastError: error });
      this.o.log('error', `notification to ${host} given up after ${policy.attempts} attempts`);
      return;
    }
    const wait = policy.backoffMs * policy.factor ** (attempts - 1);
    this.o.store.updateNotification(n.id, { status: 'pending', attempts, nextAt: this.o.now() + wait, lastError: error });
  }

  /** Resolves when nothing is pending (tests, and a process that wants to flush). */
  async drain(): Promise<void> {
    while (this.pump) await this.pump;
  }

  /** Lets the attempt in hand finish; what is still pending waits in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.pump;
  }
}
