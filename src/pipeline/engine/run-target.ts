// A run deploys where it started. The target — cloud kind, endpoint, the caller's account, the
// accounts and roles of meridian.yaml, the regions — is pinned when the run starts; every later
// process that steps it (approve, reject, resume, cancel, the server's worker) must point at the
// same one, or is refused naming both.
import { callerAccount, type CloudDeps } from '../../cloud/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { allRegions } from './stack-order.js';

/** Where a host points its cloud calls (the CLI and server work it out from flags, env and meridian.yaml). */
export type CloudChoice = { cloud: 'aws' } | { cloud: 'local' } | { cloud: 'endpoint'; endpoint: string };

export interface PinnedTarget {
  cloud: CloudChoice['cloud'];
  endpoint?: string;
  /** The account the credentials belong to (STS GetCallerIdentity in the primary region). */
  account: string;
  accounts: Record<string, { id: string; role?: string }>;
  regions: string[];
}

/** A process pointing at another target than the run's: a user error (exit 2) naming both. */
export class TargetMismatch extends Error {
  readonly code = 'RUN_TARGET_MISMATCH';
  readonly source = 'user' as const;
  override readonly name = 'TargetMismatch';
}

const normal = (url: string) => url.replace(/\/+$/, '').toLowerCase();

export function describeTarget(t: Pick<PinnedTarget, 'cloud' | 'endpoint' | 'account'>): string {
  const where = t.cloud === 'aws' ? 'AWS' : t.cloud === 'local' ? 'the embedded localcloud' : `endpoint ${t.endpoint}`;
  return `${where}, account ${t.account}`;
}

/** The target a host points at now, for `config`. */
export async function currentTarget(choice: CloudChoice, cloud: CloudDeps, config: PipelineConfig): Promise<PinnedTarget> {
  const account = await callerAccount(cloud, { region: config.regions.primary });
  return {
    cloud: choice.cloud,
    ...(choice.cloud === 'endpoint' ? { endpoint: normal(choice.endpoint) } : {}),
    account,
    accounts: Object.fromEntries(Object.entries(config.accounts).map(([k, a]) => [k, { id: a.id, ...(a.role ? { role: a.role } : {}) }])),
    regions: allRegions(config),
  };
}

/** Throws TargetMismatch when `now` is not the run's pinned target. */
export function checkTarget(runId: string, pinned: PinnedTarget, now: PinnedTarget): void {
  const same = pinned.cloud === now.cloud && (pinned.endpoint ?? '') === (now.endpoint ?? '') && pinned.account === now.account;
  if (!same) {
    throw new TargetMismatch(`run ${runId} deploys to ${describeTarget(pinned)}, but this process points at ${describeTarget(now)}; use the flags, environment and meridian.yaml \`cloud:\` the run started with`);
  }
}
