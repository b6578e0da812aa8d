// Record: the last approved artifact per stack x region, in the store and in an SSM parameter in
// each region (`/meridian/<pipeline>/<stack>/last-approved`), as AWS's multi-region solution keeps it.
import { putParameter } from '../../cloud/index.js';
import { artifactFor, type ArtifactSet } from '../engine/artifact.js';
import type { RunContext } from '../engine/run-context.js';
import { accountOf } from '../rollout/accounts.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';

export const lastApprovedParameter = (pipeline: string, stack: string) => `/meridian/${pipeline}/${stack}/last-approved`;

export async function recordStage(ctx: RunContext, artifacts: ArtifactSet, commit: string): Promise<void> {
  let fresh = false;
  for (const region of allRegions(ctx.config)) {
    for (const stack of stackOrder(ctx.config, region)) {
      const a = artifactFor(artifacts, stack.name, region);
      const key = `record:${region}:${stack.name}`;
      await ctx.step(key, { stage: 'record', region, stack: stack.name }, async () => {
        // Keyed by region (a region deploys to one account); the account is kept for the reader.
        const account = accountOf(ctx.config, region)?.id;
        const data = { runId: ctx.runId, commit, url: a.url, sha256: a.sha256, useUrl: a.useUrl, parameters: a.parameters, ...(account ? { account } : {}) };
        ctx.deps.store.setLastApproved({ pipeline: ctx.config.pipeline, stack: stack.name, region, account: '', runId: ctx.runId, data: { ...data, body: a.body } });
        await putParameter(ctx.deps.cloud, { region }, lastApprovedParameter(ctx.config.pipeline, stack.name), JSON.stringify(data), 'Last approved Meridian artifact');
        return true;
      });
      fresh ||= ctx.isFresh(key);
    }
  }
  if (fresh) ctx.emit({ type: 'stage-finished', stage: 'record', outcome: 'succeeded', summary: 'last approved artifacts recorded' });
}
