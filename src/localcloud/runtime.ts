// One localcloud instance without its socket: the services, the operations log, throttling,
// persistence, and the dispatch of a read request to a response. server.ts puts it on a port.
import { AwsError } from './contract.js';
import type { Clock, OperationRecord, RequestContext, StatefulService } from './contract.js';
import { accountForAccessKey } from './accounts.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { realClock } from './clock.js';
import type { Call } from './dispatch.js';
import { resolveCall } from './dispatch.js';
import { IdSource } from './ids.js';
import { Persistence } from './persistence.js';
import type { WireRequest, WireResponse } from './protocol/http.js';
import { signerOf } from './protocol/http.js';
import type { CloudFormationService } from './services/cloudformation/index.js';
import { createCloudFormationService } from './services/cloudformation/index.js';
import { CloudWatchService } from './services/cloudwatch/service.js';
import { S3Service } from './services/s3/service.js';
import { publicParametersOf } from './services/ssm/public-parameters.js';
import type { PublicParameterOverrides } from './services/ssm/public-parameters.js';
import { SsmService } from './services/ssm/service.js';
import { StsService } from './services/sts/service.js';
import { Throttle, throttlingError } from './throttle.js';

export interface RuntimeOptions {
  dataDir?: string;
  /** Public SSM parameters to add or override (see services/ssm/public-parameters.ts). */
  publicParameters?: PublicParameterOverrides;
  latencyMs?: number;
  seed?: number;
  clock?: Clock;
}

const DEFAULT_LATENCY_MS = 5;

export class Runtime {
  readonly clock: Clock;
  readonly s3: S3Service;
  readonly ssm: SsmService;
  private readonly cloudwatch: CloudWatchService;
  private readonly sts: StsService;
  private readonly cloudformation: CloudFormationService;
  private readonly ids: IdSource;
  private readonly throttle: Throttle;
  private readonly persistence: Persistence | undefined;
  private readonly stateful: Record<string, StatefulService>;
  private log: OperationRecord[] = [];

  constructor(options: RuntimeOptions) {
    this.clock = options.clock ?? realClock();
    const seed = options.seed ?? 1;
    this.ids = new IdSource(seed);
    this.s3 = new S3Service(this.clock, this.ids);
    this.ssm = new SsmService(this.clock, publicParametersOf(options.dataDir, options.publicParameters));
    this.sts = new StsService(this.clock, this.ids);
    this.cloudwatch = new CloudWatchService(this.clock);
    this.cloudformation = createCloudFormationService({ clock: this.clock, s3: this.s3, ssm: this.ssm, latencyMs: options.latencyMs ?? DEFAULT_LATENCY_MS, seed });
    this.throttle = new Throttle(seed);
    // The runtime's own state: the id counter (so ids never repeat after a restart) and the log.
    const core: StatefulService = {
      reset: () => (this.log = []),
      snapshot: () => ({ ids: this.ids.save(), operations: this.log }),
      restore: (state) => {
        const saved = state as { ids?: { counter: number; random: number }; operations?: OperationRecord[] } | undefined;
        if (saved?.ids) this.ids.load(saved.ids);
        this.log = saved?.operations ?? [];
      },
    };
    this.stateful = { localcloud: core, s3: this.s3, ssm: this.ssm, sts: this.sts, cloudformation: this.cloudformation, cloudwatch: this.cloudwatch };
    this.persistence = options.dataDir
      ? new Persistence(options.dataDir, { services: this.stateful, blobs: () => this.s3.blobs(), setBlobReader: (read) => (this.s3.blobReader = read) })
      : undefined;
    this.persistence?.load();
    this.persistence?.startAutosave();
  }

  /** Forgets all state: services, faults, throttle rules, the operations log. */
  reset(): void {
    for (const service of Object.values(this.stateful)) service.reset();
    this.cloudformation.clearFaults();
    this.throttle.reset();
    this.persistence?.schedule();
  }

  operations(): OperationRecord[] {
    return [...this.log];
  }

  /** Saves state now (with a data directory) and stops the autosave. */
  close(): void {
    this.persistence?.cancel();
    this.persistence?.save();
  }

  /** Answers one request; never throws. */
  async dispatch(req: WireRequest): Promise<WireResponse> {
    if (req.path.startsWith(ADMIN_PREFIX)) return this.admin(req);
    const signer = signerOf(req);
    const ctx: RequestContext = {
      account: accountForAccessKey(signer.accessKeyId),
      region: signer.region ?? 'us-east-1',
      requestId: this.ids.requestId(),
      accessKeyId: signer.accessKeyId,
    };
    let call: Call | undefined;
    try {
      call = resolveCall(req, ctx, { query: [this.cloudformation, this.sts], json: [this.ssm, this.cloudwatch], s3: this.s3 }, signer.service);
      if (this.throttle.check(ctx.region, call.service)) return call.renderError(throttlingError(call.protocol));
      if (call.mutating) this.record(call, ctx);
      return await call.run();
    } catch (err) {
      // Anything but an AwsError is a localcloud bug: answer it in the protocol's envelope, keep serving.
      const aws = err instanceof AwsError ? err : new AwsError('InternalFailure', (err as Error)?.message ?? String(err), 500, 'Receiver');
      return call ? call.renderError(aws) : { status: 500, headers: { 'content-type': 'text/plain' }, body: aws.message };
    } finally {
      if (call?.mutating) this.persistence?.schedule();
    }
  }

  private admin(req: WireRequest): WireResponse {
    const response = handleAdmin(req, {
      reset: () => this.reset(),
      operations: () => this.log,
      throttle: this.throttle,
      state: () => ({ s3: this.s3.state(), ssm: this.ssm.state(), cloudformation: this.cloudformation.state(), cloudwatch: this.cloudwatch.state() }),
      injectFault: (spec) => this.cloudformation.injectFault(spec),
      editLive: (spec) => this.cloudformation.editLive(spec),
    });
    if (req.method !== 'GET') this.persistence?.schedule();
    return response;
  }

  private record(call: Call, ctx: RequestContext): void {
    this.log.push({
      seq: this.log.length + 1,
      time: new Date(this.clock.now()).toISOString(),
      account: ctx.account,
      region: ctx.region,
      service: call.service,
      action: call.action,
      stackName: call.stackName,
      clientRequestToken: call.clientRequestToken,
    });
  }
}
