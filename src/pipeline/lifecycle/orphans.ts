// Orphans: stacks this pipeline made (tagged meridian:pipeline) that meridian.yaml no longer
// deploys where they are — a stack taken out of `stacks`, a region taken out of `regions`, or a
// stack whose `regions` list no longer names that region. They keep running (and costing) until
// someone deletes them, so preview, run and status name them, and `meridian destroy` removes them.
import { listLiveStacks, type CloudDeps } from '../../cloud/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';

export const PIPELINE_TAG = 'meridian:pipeline';

export interface Orphan {
  /** The CloudFormation stack name. */
  stack: string;
  region: string;
  /** A stage stack (`<stack><suffix>`) or a production stack. */
  variant: 'production' | 'stage';
  status: string;
  /** Why it is an orphan, in the user's words. */
  why: 'stack-removed' | 'region-removed' | 'not-deployed-to-region';
  terminationProtection: boolean;
}

/** Regions to look in: the config's, then those earlier runs deployed to (a removed region is only known from them). */
export function regionsToScan(config: PipelineConfig, earlier: readonly string[] = []): string[] {
  return [...new Set([...allRegions(config), ...earlier])];
}

/** What the config deploys: production stack names per region, and every stage stack name. */
function configured(config: PipelineConfig): { production: Map<string, Set<string>>; stage: Set<string>; names: Set<string> } {
  const production = new Map<string, Set<string>>();
  for (const region of allRegions(config)) production.set(region, new Set(stackOrder(config, region).map((s) => s.name)));
  const names = new Set(config.stacks.map((s) => s.name));
  return { production, stage: new Set([...names].map((n) => `${n}${config.stage.suffix}`)), names };
}

/** The orphans of the pipeline in `regions`, in region then stack order. */
export async function findOrphans(cloud: CloudDeps, config: PipelineConfig, regions: readonly string[]): Promise<Orphan[]> {
  const wanted = configured(config);
  const out: Orphan[] = [];
  for (const region of regions) {
    const here = wanted.production.get(region);
    for (const s of await listLiveStacks(cloud, { region })) {
      // REVIEW_IN_PROGRESS: an empty stack a preview's change set made (and deletes); not deployed.
      if (s.tags[PIPELINE_TAG] !== config.pipeline || s.status === 'REVIEW_IN_PROGRESS') continue;
      if (here?.has(s.stackName) || wanted.stage.has(s.stackName)) continue;
      const variant = s.stackName.endsWith(config.stage.suffix) && !wanted.names.has(s.stackName) ? 'stage' : 'production';
      const base = variant === 'stage' ? s.stackName.slice(0, -config.stage.suffix.length) : s.stackName;
      const why = !here ? 'region-removed' : wanted.names.has(base) ? 'not-deployed-to-region' : 'stack-removed';
      out.push({ stack: s.stackName, region, variant, status: s.status, why, terminationProtection: s.terminationProtection });
    }
  }
  return out.sort((a, b) => regions.indexOf(a.region) - regions.indexOf(b.region) || a.stack.localeCompare(b.stack));
}

const WHY: Record<Orphan['why'], string> = {
  'stack-removed': 'no longer in meridian.yaml',
  'region-removed': 'its region is no longer in meridian.yaml',
  'not-deployed-to-region': 'meridian.yaml no longer deploys it to this region',
};

/** One line per orphan, saying how to remove it. */
export function orphanLines(orphans: readonly Orphan[]): string[] {
  return orphans.map(
    (o) => `orphan: ${o.variant === 'stage' ? 'stage stack ' : ''}${o.stack} in ${o.region} (${o.status}) ${WHY[o.why]}${o.terminationProtection ? '; termination protection is on' : ''}; \`meridian destroy ${o.stack} --region ${o.region}\` deletes it`,
  );
}
