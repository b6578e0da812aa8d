// Test doubles for the CloudFormation service: a manual clock, in-memory S3Port and SsmPort,
// and a harness that calls actions the way the server would.
import { AwsError } from '../../../src/localcloud/contract.js';
import type { Clock, QueryParams, RequestContext, S3Port, SsmPort, XmlValue } from '../../../src/localcloud/contract.js';
import { createCloudFormationService } from '../../../src/localcloud/services/cloudformation/index.js';
import type { CloudFormationService } from '../../../src/localcloud/services/cloudformation/index.js';

export interface TestClock extends Clock {
  /** Moves time to the next sleeper's deadline and wakes it; false if nobody sleeps. */
  step(): Promise<boolean>;
  pending(): number;
}

export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export function testClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let now = start;
  let sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + Math.max(0, ms), wake })),
    async step() {
      await flush();
      const next = [...sleepers].sort((a, b) => a.at - b.at)[0];
      if (!next) return false;
      now = Math.max(now, next.at);
      const due = sleepers.filter((s) => s.at <= now);
      sleepers = sleepers.filter((s) => s.at > now);
      for (const s of due) s.wake();
      await flush();
      return true;
    },
    pending: () => sleepers.length,
  };
}

export interface FakeBucket {
  account: string;
  region: string;
  versioning: 'Enabled' | 'Suspended' | undefined;
  objects: Map<string, Buffer>;
  properties: Record<string, unknown>;
}

export function fakeS3(): S3Port & { buckets: Map<string, FakeBucket> } {
  const buckets = new Map<string, FakeBucket>();
  return {
    buckets,
    createBucket(account, region, name) {
      if (buckets.has(name)) throw new AwsError('BucketAlreadyExists', 'The requested bucket name is not available.', 409);
      buckets.set(name, { account, region, versioning: undefined, objects: new Map(), properties: {} });
    },
    deleteBucket(name, force) {
      const b = buckets.get(name);
      if (!b) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      if (b.objects.size > 0 && !force) throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
      buckets.delete(name);
    },
    bucketInfo(name) {
      const b = buckets.get(name);
      return b ? { account: b.account, region: b.region, versioning: b.versioning, encryption: undefined } : undefined;
    },
    configureBucket(name, properties) {
      const b = buckets.get(name);
      if (!b) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      b.properties = properties;
      const v = properties.VersioningConfiguration as { Status?: 'Enabled' | 'Suspended' } | undefined;
      if (v?.Status) b.versioning = v.Status;
    },
    getObject(bucket, key) {
      return buckets.get(bucket)?.objects.get(key);
    },
  };
}

type Param = { value: string; type: 'String' | 'StringList' | 'SecureString'; version: number };

export function fakeSsm(): SsmPort & { params: Map<string, Param> } {
  const params = new Map<string, Param>();
  const key = (a: string, r: string, n: string) => `${a}/${r}/${n}`;
  return {
    params,
    get: (a, r, n) => params.get(key(a, r, n)),
    put(a, r, n, value, type, options) {
      const existing = params.get(key(a, r, n));
      if (existing && !options?.overwrite) throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
      const version = (existing?.version ?? 0) + 1;
      params.set(key(a, r, n), { value, type, version });
      return version;
    },
    delete: (a, r, n) => params.delete(key(a, r, n)),
  };
}

export const ACCOUNT = '000000000000';

export interface Harness {
  clock: TestClock;
  s3: ReturnType<typeof fakeS3>;
  ssm: ReturnType<typeof fakeSsm>;
  cfn: CloudFormationService;
  call(action: string, params: QueryParams, region?: string): Promise<Record<string, XmlValue>>;
  /** The AwsError an action throws. */
  fails(action: string, params: QueryParams, region?: string): Promise<AwsError>;
  /** Runs the clock until no operation waits any more. */
  settle(): Promise<void>;
  stack(name: string, region?: string): Promise<Record<string, XmlValue>>;
}

export function harness(latencyMs = 10): Harness {
  const clock = testClock();
  const s3 = fakeS3();
  const ssm = fakeSsm();
  const cfn = createCloudFormationService({ clock, s3, ssm, latencyMs, seed: 7 });
  const ctx = (region: string): RequestContext => ({ account: ACCOUNT, region, requestId: 'req', accessKeyId: 'test' });
  const h: Harness = {
    clock,
    s3,
    ssm,
    cfn,
    async call(action, params, region = 'us-east-1') {
      return (await cfn.handle(action, params, ctx(region))) as Record<string, XmlValue>;
    },
    async fails(action, params, region = 'us-east-1') {
      try {
        await cfn.handle(action, params, ctx(region));
      } catch (err) {
        if (err instanceof AwsError) return err;
        throw err;
      }
      throw new Error(`${action} did not fail`);
    },
    async settle() {
      for (let i = 0; i < 10_000 && (await clock.step()); i++);
      await flush();
    },
    async stack(name, region) {
      const out = await h.call('DescribeStacks', { StackName: name }, region);
      return (out.Stacks as Record<string, XmlValue>[])[0] as Record<string, XmlValue>;
    },
  };
  return h;
}

/** Query parameters of a template given as an object. */
export const body = (template: unknown) => ({ TemplateBody: JSON.stringify(template) });

export function events(out: Record<string, XmlValue>): { id: string; status: string; reason?: string; physical?: string }[] {
  return (out.StackEvents as Record<string, string>[]).map((e) => ({
    id: e.LogicalResourceId as string,
    status: e.ResourceStatus as string,
    ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
    ...(e.PhysicalResourceId ? { physical: e.PhysicalResourceId } : {}),
  }));
}
