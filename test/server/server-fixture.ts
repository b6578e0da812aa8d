// A running `meridian serve` over the pipeline fixture (git repo + localcloud + SQLite): users of every
// role with tokens, a NoEcho parameter fed from the environment, a notification receiver, and an
// HTTP helper that keeps every response body so tests can prove secrets never leave the server.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addUserWithToken, createMeridianServer, type MeridianServer, type S3TriggerConfig, type SessionPolicy } from '../../src/server/index.js';
import { pipelineFixture, type PipelineFixture } from '../helpers/pipeline-fixture.js';
import { randomBytes } from 'node:crypto';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop-infra/', import.meta.url));

export const DB_PASSWORD = 'S3cr3t-Db-Pa55word-q8Zr';
export const WEBHOOK_SECRET = 'whsec-5f1c9a0e7b2d4c36';

export interface Received {
  path: string;
  body: Record<string, unknown>;
}

export interface ServerFixture {
  fx: PipelineFixture;
  server: MeridianServer;
  url: string;
  tokens: { admin: string; alice: string; viewer: string; dev: string };
  /** Every response body and log line seen, for the leak checks. */
  seen: string[];
  logs: string[];
  notifications: Received[];
  /** The server's clock runs this far ahead of the wall clock (tests move it for session expiry). */
  clock: { offsetMs: number };
  request(path: string, init?: { token?: string; method?: string; body?: unknown; headers?: Record<string, string>; cookie?: string; form?: Record<string, string> }): Promise<{ status: number; text: string; json: () => Record<string, unknown>; headers: Headers }>;
  stop(): Promise<void>;
}

function receiver(received: Received[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (d: Buffer) => (data += d.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
      // The first delivery to /flaky fails, to exercise the retry.
      const failFirst = req.url === '/flaky' && received.filter((r) => r.path === '/flaky').length === 1;
      res.writeHead(failFirst ? 503 : 204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** The example, with a NoEcho password from the environment, a webhook secret and notifications. */
function exampleEdits(notifyUrl: string, withSecret: boolean, s3TriggerLine = ''): Record<string, string> {
  const config = readFileSync(join(EXAMPLE, 'templates/config.yaml'), 'utf8')
    .replace('Parameters:\n', 'Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n')
    .replace('Outputs:\n', '  DbPasswordParameter:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Value: !Ref DbPassword\nOutputs:\n');
  const meridian = readFileSync(join(EXAMPLE, 'meridian.yaml'), 'utf8')
    .replace('      Environment: production\n', '      Environment: production\n      DbPassword: { env: SHOP_DB_PASSWORD }\n')
    .concat(
      `notifications:\n  - { webhook: ${notifyUrl}/json, on: [approval, failed, succeeded, rejected, drift] }\n  - { webhook: ${notifyUrl}/flaky, on: [approval], format: slack }\n`,
      withSecret ? `server: { pollInterval: 1h, webhookSecret: { env: MERIDIAN_WEBHOOK_SECRET }${s3TriggerLine} }\n` : `server: { pollInterval: 1h${s3TriggerLine} }\n`,
    );
  return { 'templates/config.yaml': config, 'meridian.yaml': meridian };
}

export async function serverFixture(
  options: { webhookSecret?: boolean; s3Trigger?: S3TriggerConfig; s3TriggerInConfig?: S3TriggerConfig; mirror?: boolean; sessions?: Partial<SessionPolicy> } = {},
): Promise<ServerFixture> {
  const notifications: Received[] = [];
  const notify = await receiver(notifications);
  const t = options.s3TriggerInConfig;
  const s3TriggerLine = t ? `, s3Trigger: { object: "s3://${t.bucket}/${t.key}", region: ${t.region} }` : '';
  const fx = await pipelineFixture(exampleEdits(notify.url, options.webhookSecret ?? true, s3TriggerLine));
  const env = { SHOP_DB_PASSWORD: DB_PASSWORD, MERIDIAN_WEBHOOK_SECRET: WEBHOOK_SECRET };
  fx.deps.env = env;
  const logs: string[] = [];
  // With `mirror`, the server watches a bare mirror of the fixture's repository (its origin).
  const repo = options.mirror ? join(fx.deps.workDir, '..', 'mirror.git') : fx.repo;
  if (options.mirror) execFileSync('git', ['clone', '--quiet', '--mirror', fx.repo, repo]);
  const clock = { offsetMs: 0 };
  const server = await createMeridianServer({
    deps: fx.deps,
    repo,
    env,
    now: () => Date.now() + clock.offsetMs,
    log: (level, message) => logs.push(`${level} ${message}`),
    poll: false,
    checkAtStart: false,
    notifyRetry: { attempts: 3, backoffMs: 5, factor: 2 },
    ...(options.s3Trigger ? { s3Trigger: options.s3Trigger } : {}),
    ...(options.sessions ? { sessions: options.sessions } : {}),
  });
  const { url } = await server.listen(0, '127.0.0.1');
  const random = (n: number) => randomBytes(n);
  const { store } = fx;
  const tokens = {
    admin: addUserWithToken(store, { name: 'root', role: 'admin' }, random).token,
    alice: addUserWithToken(store, { name: 'alice', email: 'alice@example.com', role: 'approver' }, random).token,
    viewer: addUserWithToken(store, { name: 'vic', email: 'vic@example.com', role: 'viewer' }, random).token,
    // The author of the fixture's commits.
    dev: addUserWithToken(store, { name: 'dev', email: 'dev@example.com', role: 'approver' }, random).token,
  };
  const seen: string[] = [];
  return {
    fx,
    server,
    url,
    tokens,
    seen,
    logs,
    notifications,
    clock,
    async request(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      if (init.cookie) headers.cookie = init.cookie;
      let body: string | undefined;
      if (init.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(init.form).toString();
      } else if (init.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      }
      const res = await fetch(url + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, redirect: 'manual', ...(body ? { body } : {}) });
      const text = await res.text();
      seen.push(text, [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n'));
      return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as Record<string, unknown> };
    },
    async stop() {
      await server.stop();
      await new Promise<void>((r) => notify.server.close(() => r()));
      await fx.stop();
    },
  };
}

/** Starts a run for the branch head through the worker and returns its id once it waits or ends. */
export async function runNow(sf: ServerFixture): Promise<string> {
  await sf.server.worker.checkNow('test');
  const run = sf.fx.store.listRuns({ limit: 1 })[0];
  if (!run) throw new Error(`no run started; log:\n${sf.logs.join('\n')}`);
  return run.id;
}

/** Signs in on /login with `token`; returns the session cookie (header form and bare value) and its CSRF token. */
export async function signIn(sf: ServerFixture, token: string): Promise<{ cookie: string; value: string; csrf: string }> {
  const form = await sf.request('/login');
  const nonce = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await sf.request('/login', { form: { _csrf: nonce, token }, cookie: loginCookie });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}: ${res.text.slice(0, 200)}`);
  const cookie = /meridian_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const page = await sf.request('/', { cookie });
  return { cookie, value: cookie.slice('meridian_session='.length), csrf: /action="\/logout"><input type="hidden" name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '' };
}
