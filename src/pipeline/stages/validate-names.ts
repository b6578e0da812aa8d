// The Validate stage's look at the cloud for physical names (`validation.checkExistingNames`): a
// name only one deployment claims may still be taken in its target by something that is not its
// stack's (a bucket made by hand, a parameter left by a deleted stack). Read-only calls, and only
// for the types the cloud module can ask about cheaply (S3 buckets, SSM parameters).
import { LOOKUP_TYPES, nameTaken, stackPhysicalIds } from '../../cloud/index.js';
import { claimsByKey, existingNameFindings, type ExistingName, type Finding, type NameSelection, type NameTarget } from '../../validate/index.js';
import type { RunContext } from '../engine/run-context.js';
import { stageContext } from '../engine/stage-context.js';

/** A name the cloud could not be asked about (no permission, an endpoint without the service): not a finding. */
export interface UncheckedName {
  name: string;
  region: string;
  reason: string;
}

/**
 * M1004 findings for the names of `targets` that are taken in their target by something else. The
 * check is advice before anything deploys: a lookup the cloud refuses leaves that name unchecked
 * (said in `unchecked`) instead of failing the run; the deploy itself would still meet the real error.
 */
export async function existingNameCheck(ctx: RunContext, targets: readonly NameTarget[], selection: NameSelection): Promise<{ findings: Finding[]; unchecked: UncheckedName[] }> {
  const found: ExistingName[] = [];
  const unchecked: UncheckedName[] = [];
  const owned = new Map<string, Map<string, string>>();
  for (const claims of claimsByKey(targets).values()) {
    // A name claimed twice is already a collision finding; asking the cloud adds nothing.
    const [claim] = claims;
    if (!claim || claims.length > 1 || !LOOKUP_TYPES.includes(claim.type)) continue;
    const t = claim.target;
    const cloud = (t.variant === 'stage' ? stageContext(ctx) : ctx).deps.cloud;
    try {
      if ((await nameTaken(cloud, { region: t.region }, claim.type, claim.display)) !== 'taken') continue;
      const stackKey = `${t.variant}|${t.region}|${t.stackName}`;
      let ids = owned.get(stackKey);
      if (!ids) owned.set(stackKey, (ids = await stackPhysicalIds(cloud, { region: t.region }, t.stackName)));
      if (ids.get(claim.logicalId) === claim.display) continue;
      found.push({ claim });
    } catch (err) {
      const e = err as Error & { name?: string };
      unchecked.push({ name: claim.display, region: t.region, reason: `${e.name ?? 'Error'}: ${e.message}` });
    }
  }
  return { findings: existingNameFindings(found, targets, selection), unchecked };
}
