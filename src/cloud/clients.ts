// One set of SDK v3 clients per account x region, created on first use and reused.
// The SDK's own retries are switched off (maxAttempts 1) so that retry-policy.ts is the one place
// that decides what is retried and how (STYLE.md principle 4).
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/** Static credentials (structurally the SDK's AwsCredentialIdentity). */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
type AwsCredentialIdentity = Credentials;
type AwsCredentialIdentityProvider = () => Promise<Credentials>;

export interface CloudTarget {
  region: string;
  /** A role to assume for this target (another account); undefined = the caller's own credentials. */
  roleArn?: string;
  /** The STS session name for `roleArn` (names the run in CloudTrail); default: the pool's. */
  sessionName?: string;
}

export interface ClientPoolOptions {
  /** Endpoint override (localcloud, LocalStack); undefined = real AWS. */
  endpoint?: string;
  /** Base credentials; undefined = the SDK's standard chain (env, AWS_PROFILE, SSO, instance role). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Names the role sessions so CloudTrail shows which run assumed a role. */
  roleSessionName?: string;
  /** Milliseconds since the epoch; used to refresh assumed-role credentials before they expire. */
  now: () => number;
}

export interface RegionClients {
  cloudformation: CloudFormationClient;
  s3: S3Client;
  ssm: SSMClient;
  sts: STSClient;
}

/** Assumed-role credentials, refreshed five minutes before they expire. */
export function assumeRoleProvider(sts: STSClient, roleArn: string, sessionName: string, now: () => number): AwsCredentialIdentityProvider {
  let cached: AwsCredentialIdentity | undefined;
  return async () => {
    if (cached?.expiration && cached.expiration.getTime() - now() > 5 * 60_000) return cached;
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName.slice(0, 64), DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    cached = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    return cached;
  };
}

/** Creates the pool; `clients(target)` returns the clients of one account x region. */
export function createClientPool(options: ClientPoolOptions) {
  const pool = new Map<string, RegionClients>();
  const base = (region: string, credentials: ClientPoolOptions['credentials']) => ({
    region,
    maxAttempts: 1,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
  const make = (target: CloudTarget): RegionClients => {
    let credentials = options.credentials;
    if (target.roleArn) {
      const sts = new STSClient(base(target.region, options.credentials));
      credentials = assumeRoleProvider(sts, target.roleArn, target.sessionName ?? options.roleSessionName ?? 'meridian', options.now);
    }
    const cfg = base(target.region, credentials);
    return {
      cloudformation: new CloudFormationClient(cfg),
      s3: new S3Client({ ...cfg, forcePathStyle: options.endpoint !== undefined }),
      ssm: new SSMClient(cfg),
      sts: new STSClient(cfg),
    };
  };
  return {
    clients(target: CloudTarget): RegionClients {
      const key = `${target.roleArn ?? ''}|${target.sessionName ?? ''}|${target.region}`;
      let c = pool.get(key);
      if (!c) pool.set(key, (c = make(target)));
      return c;
    },
    /** Closes every client's sockets (end of a run, tests). */
    destroy(): void {
      for (const c of pool.values()) for (const client of Object.values(c)) client.destroy();
      pool.clear();
    },
  };
}

export type ClientPool = ReturnType<typeof createClientPool>;

/** The account part of a budget key: the role's account, or `self` for the caller's own credentials. */
export function budgetKey(target: CloudTarget): string {
  const account = target.roleArn ? (/^arn:[\w-]+:iam::(\d{12}):/.exec(target.roleArn)?.[1] ?? target.roleArn) : 'self';
  return `${account}|${target.region}`;
}

/** Makes every `send` of a client wait for the budget first (retries included: each attempt is a request). */
function budgeted<C extends { send: (...args: never[]) => Promise<unknown> }>(client: C, take: () => Promise<void>): C {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'send') {
        return async (...args: Parameters<C['send']>) => {
          await take();
          return target.send(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A view of `base` that maps each target first (`route`: e.g. a region to its account's role) and,
 * with a budget, makes every request wait for a token of its account x region.
 */
export function routedPool(base: ClientPool, route: (target: CloudTarget) => CloudTarget, budget?: { take(key: string): Promise<void> }): ClientPool {
  const views = new Map<string, RegionClients>();
  return {
    clients(target: CloudTarget): RegionClients {
      const routed = route(target);
      const clients = base.clients(routed);
      if (!budget) return clients;
      const key = budgetKey(routed);
      const viewKey = `${routed.roleArn ?? ''}|${routed.sessionName ?? ''}|${routed.region}`;
      let view = views.get(viewKey);
      if (!view) {
        const take = () => budget.take(key);
        view = { cloudformation: budgeted(clients.cloudformation, take), s3: budgeted(clients.s3, take), ssm: budgeted(clients.ssm, take), sts: budgeted(clients.sts, take) };
        views.set(viewKey, view);
      }
      return view;
    },
    /** The base pool is the caller's: it closes it. */
    destroy(): void {
      views.clear();
    },
  };
}
