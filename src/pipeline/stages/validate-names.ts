// The Validate stage's look at the cloud for physical names (`validation.checkExistingNames`): a
// name only one deployment claims may still be taken in its target by something that is not its
// stack's (a bucket made by hand, a parameter left by a deleted stack). Read-only calls, and only
// for the types the cloud module can ask about cheaply (S3 buckets, SSM parameters).
import { LOOKUP_TYPES, nameTaken, stackPhysicalIds } from '../../cloud/index.js';
import { claimsByKey, existingNameFindings, type ExistingName, type Finding, type NameSelection, type NameTarget } from '../../validate/index.js';
import type { RunContext } from '../engine/run-context.js';
import { stageContext } from '../engine/stage-context.js';

/** M1004 findings for the names of `targets` that are taken in their target by something else. */
export async function existingNameCheck(ctx: RunContext, targets: readonly NameTarget[], selection: NameSelection): Promise<Finding[]> {
  const found: ExistingName[] = [];
  const owned = new Map<string, Map<string, string>>();
  for (const claims of claimsByKey(targets).values()) {
    // A name claimed twice is already a collision finding; asking the cloud adds nothing.
    const [claim] = claims;
    if (!claim || claims.length > 1 || !LOOKUP_TYPES.includes(claim.type)) continue;
    const t = claim.target;
    const cloud = (t.variant === 'stage' ? stageContext(ctx) : ctx).deps.cloud;
    if ((await nameTaken(cloud, { region: t.region }, claim.type, claim.display)) !== 'taken') continue;
    const stackKey = `${t.variant}|${t.region}|${t.stackName}`;
    let ids = owned.get(stackKey);
    if (!ids) owned.set(stackKey, (ids = await stackPhysicalIds(cloud, { region: t.region }, t.stackName)));
    if (ids.get(claim.logicalId) === claim.display) continue;
    found.push({ claim });
  }
  return existingNameFindings(found, targets, selection);
}
