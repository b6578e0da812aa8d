// `meridian serve` as a library: wires the engine's deps to the SSE hub and the notifier, builds the
// HTTP app, runs the worker (resume at start, poll the branch), and shuts down without losing work.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { CONFIG_FILE, type EventSink, type PipelineDeps, type PipelineEvent } from '../pipeline/index.js';
import type { RandomBytes } from './auth.js';
import { buildApp } from './app.js';
import type { HonoEnv, ServerContext } from './context.js';
import { EventHub } from './hub.js';
import { refreshMirror } from './mirror.js';
import { Notifier, type RetryPolicy } from './notifications.js';
import { parseS3Url, S3Watch, type S3TriggerConfig } from './s3-trigger.js';
import { SecretSet } from './secrets.js';
import { Sessions, type SessionPolicy } from './sessions.js';
import { WatchedConfig } from './watched-config.js';
import { Worker, type Timers } from './worker.js';

export type LogLevel = 'info' | 'warn' | 'error';

export interface ServeOptions {
  /** The engine's dependencies; the server adds its own sink in front of `sink`. */
  deps: Omit<PipelineDeps, 'sink'>;
  /** Where else engine events go (the CLI's printer). */
  sink?: EventSink;
  /** The git repository holding meridian.yaml (pushes must land here: a bare repo or a mirror). */
  repo: string;
  /** The branch to watch; default: `source.branch` of meridian.yaml at HEAD. */
  branch?: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => number;
  randomBytes?: RandomBytes;
  /** Log lines, with secrets already masked. */
  log?: (level: LogLevel, message: string) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timers?: Timers;
  /** Poll the branch on a timer (default true). */
  poll?: boolean;
  /** Check the branch once at start (default true). */
  checkAtStart?: boolean;
  pollIntervalMs?: number;
  /** The dashboard's address as others reach it (links in notifications); default: where it listens. */
  publicUrl?: string;
  notifyRetry?: RetryPolicy;
  /** Start a run when a new version of this S3 object appears (checked every `intervalMs`, default the poll interval). */
  s3Trigger?: S3TriggerConfig & { intervalMs?: number };
  /** Dashboard session limits (default: 2 h idle, 12 h in all). */
  sessions?: Partial<SessionPolicy>;
}

export interface MeridianServer {
  app: Hono<HonoEnv>;
  deps: PipelineDeps;
  worker: Worker;
  hub: EventHub;
  notifier: Notifier;
  secrets: SecretSet;
  /** Queues a look at the S3 trigger's object (a no-op without one). */
  checkS3(): Promise<void>;
  /** Re-reads meridian.yaml from the watched branch (and its secrets). */
  refresh(): Promise<void>;
  /** Starts the HTTP server and the worker. */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops taking requests and jobs, ends SSE streams, waits for the job in hand and notifications. */
  stop(): Promise<void>;
}

/** The events worth a line in the server's log: stage ends, approvals, run ends. */
function progressLine(e: PipelineEvent): string | undefined {
  switch (e.type) {
    case 'stage-finished':
      return `${e.stage ?? ''}${e.region ? ` ${e.region}` : ''}${e.stack ? ` ${e.stack}` : ''}: ${e.outcome}${e.summary ? ` (${e.summary})` : ''}`;
    case 'awaiting-approval':
      return `awaiting approval until ${e.timeoutAt}`;
    case 'approval':
      return `${e.decision} by ${e.by}`;
    case 'run-finished':
      return `${e.status}${e.reason ? `: ${e.reason}` : ''}`;
    default:
      return undefined;
  }
}

const realTimers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export async function createMeridianServer(o: ServeOptions): Promise<MeridianServer> {
  const secrets = new SecretSet();
  const log = (level: LogLevel, message: string) => o.log?.(level, secrets.scrub(message));
  const watched = new WatchedConfig(o.repo, o.branch, secrets, o.env);
  const timers = o.timers ?? realTimers;
  const pollIntervalMs = () => o.pollIntervalMs ?? watched.config?.server.pollInterval ?? 60_000;
  let publicUrl = o.publicUrl ?? '';
  const hub = new EventHub();
  const notifier = new Notifier({
    store: o.deps.store,
    publicUrl: () => publicUrl,
    fetch: o.fetch ?? fetch,
    sleep: o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    now: o.now,
    log,
    ...(o.notifyRetry ? { retry: o.notifyRetry } : {}),
  });
  const sink: EventSink = (runId, event) => {
    hub.publish(runId);
    notifier.onEvent(runId, event);
    const line = progressLine(event);
    if (line) log(event.type === 'run-finished' && event.status === 'failed' ? 'warn' : 'info', `run ${runId}: ${line}`);
    o.sink?.(runId, event);
  };
  const deps: PipelineDeps = { ...o.deps, sink };
  const worker = new Worker({
    deps,
    repo: o.repo,
    branch: () => watched.branch,
    pollIntervalMs,
    log,
    timers,
    poll: o.poll ?? true,
    beforeCheck: async () => {
      const fetched = await refreshMirror(o.repo);
      if (fetched.kind === 'failed') log('warn', `cannot fetch origin into ${o.repo}: ${fetched.message}`);
      await watched.refresh().catch((err: Error) => log('warn', `cannot read ${CONFIG_FILE} on ${watched.branch}: ${err.message}`));
    },
  });
  // The S3 trigger: the CLI's flags, else meridian.yaml's server.s3Trigger (read below, at start).
  let s3: S3Watch | undefined;
  const watchS3 = (t: (S3TriggerConfig & { intervalMs?: number }) | undefined) => {
    s3 = t ? new S3Watch(t, { cloud: deps.cloud, store: deps.store, worker, timers, intervalMs: () => t.intervalMs ?? pollIntervalMs(), log }) : undefined;
  };
  const random = o.randomBytes ?? ((n: number) => nodeRandomBytes(n));
  const sc: ServerContext = {
    store: deps.store, repo: o.repo, deps, hub, worker, secrets, random, log, env: o.env, now: o.now,
    sessions: new Sessions(deps.store, o.now, random, o.sessions),
    config: () => watched.config,
    branch: () => watched.branch,
    closers: new Set(),
  };
  await watched.refresh().catch((err: Error) => log('warn', `cannot read ${CONFIG_FILE}: ${err.message}`));
  watchS3(o.s3Trigger ?? s3TriggerOf(watched.config?.server.s3Trigger));
  await watched.addOpenRunSecrets(deps.store);
  const app = buildApp(sc);
  let http: ServerType | undefined;

  return {
    app, deps, worker, hub, notifier, secrets,
    refresh: () => watched.refresh(),
    checkS3: () => s3?.check() ?? Promise.resolve(),
    async listen(port, host = '127.0.0.1') {
      const info = await new Promise<AddressInfo>((resolve) => {
        http = serve({ fetch: app.fetch, port, hostname: host }, (i) => resolve(i));
      });
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      if (!publicUrl) publicUrl = url;
      log('info', `listening on ${url}`);
      worker.start(o.checkAtStart ?? true);
      notifier.kick();
      s3?.start(o.poll ?? true);
      return { url, port: info.port };
    },
    async stop() {
      s3?.stop();
      const closing = http ? new Promise<void>((resolve) => http?.close(() => resolve())) : Promise.resolve();
      for (const close of [...sc.closers]) close();
      await worker.stop();
      await notifier.stop();
      if (http && 'closeAllConnections' in http) http.closeAllConnections();
      await closing;
    },
  };
}

/** meridian.yaml's `server.s3Trigger` as the watch needs it. */
function s3TriggerOf(t: { object: string; region: string } | undefined): S3TriggerConfig | undefined {
  const object = t ? parseS3Url(t.object) : undefined;
  return t && object ? { ...object, region: t.region } : undefined;
}
