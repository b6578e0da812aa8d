// `meridian serve` as a library: wires the engine's deps to the SSE hub and the notifier, builds the
// HTTP app, runs the worker (resume at start, poll the branch), and shuts down without losing work.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { CONFIG_FILE, parseConfig, readFileAtCommit, type EventSink, type PipelineConfig, type PipelineDeps } from '../pipeline/index.js';
import { Sessions, type RandomBytes } from './auth.js';
import { buildApp } from './app.js';
import type { HonoEnv, ServerContext } from './context.js';
import { EventHub } from './hub.js';
import { Notifier, type RetryPolicy } from './notifications.js';
import { observeObject, type S3TriggerConfig } from './s3-trigger.js';
import { addConfigSecrets, SecretSet } from './secrets.js';
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

const realTimers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export async function createMeridianServer(o: ServeOptions): Promise<MeridianServer> {
  const secrets = new SecretSet();
  const log = (level: LogLevel, message: string) => o.log?.(level, secrets.scrub(message));
  let config: PipelineConfig | undefined;
  let branch = o.branch ?? 'main';
  let publicUrl = o.publicUrl ?? '';
  const hub = new EventHub();
  const notifier = new Notifier({
    store: o.deps.store,
    publicUrl: () => publicUrl,
    fetch: o.fetch ?? fetch,
    sleep: o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    log,
    ...(o.notifyRetry ? { retry: o.notifyRetry } : {}),
  });
  const sink: EventSink = (runId, event) => {
    hub.publish(runId);
    notifier.onEvent(runId, event);
    o.sink?.(runId, event);
  };
  const deps: PipelineDeps = { ...o.deps, sink };

  async function refresh(): Promise<void> {
    // The first read (at HEAD) names the branch to watch; later reads follow that branch's head.
    if (!o.branch && !config) branch = parseConfig(await readFileAtCommit(o.repo, 'HEAD', CONFIG_FILE), `HEAD:${CONFIG_FILE}`).source.branch;
    const next = parseConfig(await readFileAtCommit(o.repo, branch, CONFIG_FILE), `${branch}:${CONFIG_FILE}`);
    config = next;
    if (!o.branch) branch = next.source.branch;
    await addConfigSecrets(secrets, next, o.env, (path) => readFileAtCommit(o.repo, branch, path).catch(() => undefined));
  }

  const worker = new Worker({
    deps,
    repo: o.repo,
    branch: () => branch,
    pollIntervalMs: () => o.pollIntervalMs ?? config?.server.pollInterval ?? 60_000,
    log,
    timers: o.timers ?? realTimers,
    poll: o.poll ?? true,
    beforeCheck: () => refresh().catch((err: Error) => log('warn', `cannot read ${CONFIG_FILE} on ${branch}: ${err.message}`)),
  });
  const random = o.randomBytes ?? ((n: number) => nodeRandomBytes(n));
  const sc: ServerContext = {
    store: deps.store,
    deps,
    hub,
    worker,
    sessions: new Sessions(o.now, random),
    secrets,
    now: o.now,
    random,
    log,
    config: () => config,
    branch: () => branch,
    env: o.env,
    closers: new Set(),
  };
  await refresh().catch((err: Error) => log('warn', `cannot read ${CONFIG_FILE}: ${err.message}`));
  // Runs that are still open may carry secrets of older commits.
  for (const run of deps.store.listRuns({ status: ['running', 'awaiting-approval'], limit: 100 })) {
    try {
      const c = parseConfig(String(run.data.configText ?? ''), CONFIG_FILE);
      await addConfigSecrets(secrets, c, o.env, (path) => readFileAtCommit(o.repo, run.commit, path).catch(() => undefined));
    } catch {
      // A run with an unreadable config fails on its own when resumed.
    }
  }
  const app = buildApp(sc);
  let http: ServerType | undefined;
  const timers = o.timers ?? realTimers;
  let s3Timer: unknown;
  let stopping = false;
  const trigger = o.s3Trigger;
  const where = trigger ? `s3://${trigger.bucket}/${trigger.key} (${trigger.region})` : '';
  const checkS3 = (): Promise<void> =>
    trigger
      ? worker.enqueue('s3 trigger', async () => {
          const seen = await observeObject(deps.cloud, deps.store, trigger);
          if (seen.kind === 'first-seen') log('info', `watching ${where}, version ${seen.version}`);
          if (seen.kind !== 'new-version') return;
          log('info', `${where}: new version ${seen.version}${seen.commit ? ` for ${seen.commit.slice(0, 12)}` : ''}`);
          await worker.check(`s3 version ${seen.version}`, seen.commit, true);
        })
      : Promise.resolve();
  const scheduleS3 = () => {
    if (!trigger || stopping) return;
    s3Timer = timers.setTimeout(() => {
      void checkS3();
      scheduleS3();
    }, trigger.intervalMs ?? o.pollIntervalMs ?? config?.server.pollInterval ?? 60_000);
  };

  return {
    app,
    deps,
    worker,
    hub,
    notifier,
    secrets,
    refresh,
    checkS3,
    async listen(port, host = '127.0.0.1') {
      const info = await new Promise<AddressInfo>((resolve) => {
        http = serve({ fetch: app.fetch, port, hostname: host }, (i) => resolve(i));
      });
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      if (!publicUrl) publicUrl = url;
      log('info', `listening on ${url}`);
      worker.start(o.checkAtStart ?? true);
      if (trigger) {
        void checkS3();
        if (o.poll ?? true) scheduleS3();
      }
      return { url, port: info.port };
    },
    async stop() {
      stopping = true;
      if (s3Timer !== undefined) timers.clearTimeout(s3Timer);
      const closing = http ? new Promise<void>((resolve) => http?.close(() => resolve())) : Promise.resolve();
      for (const close of [...sc.closers]) close();
      await worker.stop();
      await notifier.drain();
      if (http && 'closeAllConnections' in http) http.closeAllConnections();
      await closing;
    },
  };
}
