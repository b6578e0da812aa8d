// Who the credentials belong to (STS GetCallerIdentity): names the artifact buckets per account.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CloudTarget } from './clients.js';
import { clientsOf, CloudError, send, type CloudDeps } from './cloud-deps.js';

export async function callerAccount(deps: CloudDeps, target: CloudTarget): Promise<string> {
  const { sts } = clientsOf(deps, target);
  const out = await send(deps, () => sts.send(new GetCallerIdentityCommand({})));
  if (!out.Account) throw new CloudError('NO_IDENTITY', `GetCallerIdentity in ${target.region} returned no account`);
  return out.Account;
}
