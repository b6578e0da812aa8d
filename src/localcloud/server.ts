// localcloud's HTTP server: one port for every service and the admin API, on plain node:http.
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from './contract.js';
import type { Clock, OperationRecord, RequestContext, S3Port, SsmPort, StatefulService } from './contract.js';
import { accountForAccessKey } from './accounts.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { realClock } from './clock.js';
import type { Call } from './dispatch.js';
import { resolveCall } from './dispatch.js';
import { IdSource } from './ids.js';
import { Persistence } from './persistence.js';
import type { WireRequest, WireResponse } from './protocol/http.js';
import { readWireRequest, signerOf } from './protocol/http.js';
import { createCloudFormationService } from './services/cloudformation/index.js';
import { S3Service } from './services/s3/service.js';
import { SsmService } from './services/ssm/service.js';
import { StsService } from './services/sts/service.js';
import { Throttle, throttlingError } from './throttle.js';

export interface LocalCloudOptions {
  /** 0 picks a free port (tests); default 4566. */
  port?: number;
  /** Only loopback by default. */
  host?: string;
  /** Keep state across restarts in this directory. */
  dataDir?: string;
  /** Simulated duration of each CloudFormation resource operation. */
  latencyMs?: number;
  /** Seeds ids and throttling decisions. */
  seed?: number;
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
  /** Saves state (with --data), closes connections and the port. */
  stop(): Promise<void>;
}

const DEFAULT_LATENCY_MS = 5;

function send(res: ServerResponse, response: WireResponse): void {
  const body = response.body === undefined ? undefined : Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body, 'utf8');
  const headers: Record<string, string> = { ...response.headers };
  if (headers['content-length'] === undefined) headers['content-length'] = String(body?.length ?? 0);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** Starts localcloud on `host:port` and resolves once it listens. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const clock = options.clock ?? realClock();
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  const ids = new IdSource(seed);
  const s3 = new S3Service(clock, ids);
  const ssm = new SsmService(clock);
  const sts = new StsService(clock, ids);
  const cloudformation = createCloudFormationService({ clock, s3, ssm, latencyMs: options.latencyMs ?? DEFAULT_LATENCY_MS, seed });
  const throttle = new Throttle(seed);
  let log: OperationRecord[] = [];

  const core: StatefulService = {
    reset: () => (log = []),
    snapshot: () => ({ ids: ids.save(), operations: log }),
    restore: (state) => {
      const saved = state as { ids?: { counter: number; random: number }; operations?: OperationRecord[] } | undefined;
      if (saved?.ids) ids.load(saved.ids);
      log = saved?.operations ?? [];
    },
  };
  const stateful: Record<string, StatefulService> = { localcloud: core, s3, ssm, sts, cloudformation };
  const persistence = options.dataDir
    ? new Persistence(options.dataDir, { services: stateful, blobs: () => s3.blobs(), setBlobReader: (read) => (s3.blobReader = read) })
    : undefined;
  persistence?.load();
  persistence?.startAutosave();

  const reset = (): void => {
    for (const service of Object.values(stateful)) service.reset();
    cloudformation.clearFaults();
    throttle.reset();
    persistence?.schedule();
  };

  const record = (call: Call, ctx: RequestContext): void => {
    log.push({
      seq: log.length + 1,
      time: new Date(clock.now()).toISOString(),
      account: ctx.account,
      region: ctx.region,
      service: call.service,
      action: call.action,
      stackName: call.stackName,
      clientRequestToken: call.clientRequestToken,
    });
  };

  const dispatch = async (req: WireRequest): Promise<WireResponse> => {
    if (req.path.startsWith(ADMIN_PREFIX)) {
      const response = handleAdmin(req, {
        reset,
        operations: () => log,
        throttle,
        state: () => ({ s3: s3.state(), ssm: ssm.state(), cloudformation: cloudformation.state() }),
        injectFault: (spec) => cloudformation.injectFault(spec),
        editLive: (spec) => cloudformation.editLive(spec),
      });
      if (req.method !== 'GET') persistence?.schedule();
      return response;
    }
    const signer = signerOf(req);
    const ctx: RequestContext = {
      account: accountForAccessKey(signer.accessKeyId),
      region: signer.region ?? 'us-east-1',
      requestId: ids.requestId(),
      accessKeyId: signer.accessKeyId,
    };
    let call: Call | undefined;
    try {
      call = resolveCall(req, ctx, { query: [cloudformation, sts], json: [ssm], s3 }, signer.service);
      if (throttle.check(ctx.region, call.service)) return call.renderError(throttlingError(call.protocol));
      if (call.mutating) record(call, ctx);
      const response = await call.run();
      return response;
    } catch (err) {
      const aws = err instanceof AwsError ? err : new AwsError('InternalFailure', (err as Error).message ?? String(err), 500, 'Receiver');
      return call ? call.renderError(aws) : { status: 500, headers: { 'content-type': 'text/plain' }, body: aws.message };
    } finally {
      if (call?.mutating) persistence?.schedule();
    }
  };

  const server = createServer((req, res) => {
    readWireRequest(req)
      .then(dispatch)
      .then((response) => send(res, response))
      .catch((err: Error) => send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: `localcloud: ${err.message}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpointHost = host.includes(':') ? `[${host}]` : host;

  return {
    endpoint: `http://${endpointHost}:${port}`,
    host,
    port,
    clock,
    s3,
    ssm,
    reset,
    operations: () => [...log],
    async stop() {
      persistence?.cancel();
      persistence?.save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
