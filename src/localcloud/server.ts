// localcloud's HTTP server: one port for every service and the admin API, on plain node:http.
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, OperationRecord, S3Port, SsmPort } from './contract.js';
import { acquireDataLock } from './data-lock.js';
import type { PublicParameterOverrides } from './services/ssm/public-parameters.js';
import type { WireResponse } from './protocol/http.js';
import { readWireRequest } from './protocol/http.js';
import { Runtime } from './runtime.js';

export interface LocalCloudOptions {
  /** 0 picks a free port (tests); default 4566. */
  port?: number;
  /** Only loopback by default. */
  host?: string;
  /** Keep state across restarts in this directory. */
  dataDir?: string;
  /** Simulated duration of each CloudFormation resource operation (default 5 ms). */
  latencyMs?: number;
  /** Seeds ids and throttling decisions (default 1). */
  seed?: number;
  /** Public SSM parameters (`/aws/service/...`) to add or override; `DIR/public-parameters.json` adds more. */
  publicParameters?: PublicParameterOverrides;
  clock?: Clock;
}

/** A running localcloud. */
export interface LocalCloud {
  endpoint: string;
  host: string;
  port: number;
  clock: Clock;
  /** In-process access to S3 and SSM (what the CloudFormation service uses too). */
  s3: S3Port;
  ssm: SsmPort;
  /** Forget all state, as POST /_localcloud/reset. */
  reset(): void;
  operations(): OperationRecord[];
  /** Saves state (with a data directory), closes connections and the port. */
  stop(): Promise<void>;
}

function send(res: ServerResponse, response: WireResponse): void {
  const body = response.body === undefined ? undefined : Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body, 'utf8');
  const headers: Record<string, string> = { ...response.headers };
  if (headers['content-length'] === undefined) headers['content-length'] = String(body?.length ?? 0);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Starts localcloud on `host:port` and resolves once it listens. With a data directory it first takes
 * the directory's lock: DataDirLockedError when another live localcloud holds it (see open.ts to join it).
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const lock = options.dataDir ? acquireDataLock(options.dataDir) : undefined;
  try {
    return await listen(options, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function listen(options: LocalCloudOptions, lock: ReturnType<typeof acquireDataLock> | undefined): Promise<LocalCloud> {
  const runtime = new Runtime(options);
  const host = options.host ?? '127.0.0.1';
  // Node answers `Expect: 100-continue` itself when no 'checkContinue' listener is installed.
  const server = createServer((req, res) => {
    readWireRequest(req)
      .then((wire) => runtime.dispatch(wire))
      .then((response) => send(res, response))
      .catch((err: Error) => send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: `localcloud: ${err.message}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, host, () => resolve());
  }).catch((err: unknown) => {
    runtime.close();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  lock?.announce(host, port);
  const endpointHost = host.includes(':') ? `[${host}]` : host;
  return {
    endpoint: `http://${endpointHost}:${port}`,
    host,
    port,
    clock: runtime.clock,
    s3: runtime.s3,
    ssm: runtime.ssm,
    reset: () => runtime.reset(),
    operations: () => runtime.operations(),
    async stop() {
      runtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      lock?.release();
    },
  };
}
