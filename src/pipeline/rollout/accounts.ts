// Which account each region deploys to (`accounts.<name>.regions`), and the cloud target that
// reaches it: the account's role, assumed with a session name that names the run.
import type { CloudTarget } from '../../cloud/index.js';
import type { PipelineConfig } from '../config/schema.js';

export interface AccountTarget {
  /** The key under `accounts:` in meridian.yaml. */
  name: string;
  id: string;
  role?: string;
}

/** The account a region deploys to, or undefined for the caller's own account. */
export function accountOf(config: PipelineConfig, region: string): AccountTarget | undefined {
  for (const [name, account] of Object.entries(config.accounts)) {
    if (account.regions?.includes(region)) return { name, id: account.id, ...(account.role ? { role: account.role } : {}) };
  }
  return undefined;
}

/** STS session names allow [\w+=,.@-], 2 to 64 characters; CloudTrail shows them, so they name the run. */
export function sessionNameFor(runId: string): string {
  return `meridian-${runId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/** Maps a plain `{ region }` target to the region's account (its role, this run's session name). */
export function accountRouter(config: PipelineConfig, runId: string): (target: CloudTarget) => CloudTarget {
  const sessionName = sessionNameFor(runId);
  return (target) => {
    if (target.roleArn) return target;
    const role = accountOf(config, target.region)?.role;
    return role ? { ...target, roleArn: role, sessionName } : target;
  };
}
