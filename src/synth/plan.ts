// What the emitted pipeline does, worked out once from meridian.yaml: the home region, the regions
// and the role that reaches each, the waves with their tolerance, and the retry policy. Templates
// and the state machine are rendered from this plan, never from the raw config.
import { accountOf, allRegions, buildPlan, type PipelineConfig } from '../pipeline/index.js';
import { SynthError } from './synth-error.js';

/** How the regional function reaches one region: the role it assumes there. */
export interface RegionTarget {
  region: string;
  /** A literal role ARN from `accounts`, or the DeploymentRoleArn template parameter. */
  roleArn: string | { parameter: 'DeploymentRoleArn' };
  /** The account id when `accounts` names it; undefined = the home account. */
  account?: string;
}

export interface Wave {
  regions: string[];
  maxConcurrency: number;
  tolerance: { count: number } | { percent: number };
}

export interface SynthPlan {
  config: PipelineConfig;
  pipeline: string;
  home: string;
  regions: RegionTarget[];
  waves: Wave[];
  retry: { maxAttempts: number; intervalSeconds: number };
  /** True when some region has no role in `accounts`: the template takes a DeploymentRoleArn parameter. */
  needsDeploymentRole: boolean;
  accounts: string[];
  /** Per region, each stack's level in the stack DAG (0 = waits for nothing): CodePipeline's RunOrder. */
  levels: Record<string, Record<string, number>>;
}

/** The local engine's account routing (accountOf); a region of the caller's own account gets the DeploymentRoleArn parameter. */
function targetOf(config: PipelineConfig, region: string): RegionTarget {
  const account = accountOf(config, region);
  if (account?.role) return { region, roleArn: account.role, account: account.id };
  return { region, roleArn: { parameter: 'DeploymentRoleArn' }, ...(account ? { account: account.id } : {}) };
}

// A percentage stays one: Step Functions fails the Map when failed/total exceeds it, which is the
// local engine's floor(total x percent) count for every total.
function toleranceOf(t: number | string): Wave['tolerance'] {
  if (typeof t === 'number') return { count: t };
  return { percent: Math.min(100, Number(t.replace('%', ''))) };
}

// `meridian-<pipeline>-<account>-<region>` must fit S3's 63 characters for every region.
const BUCKET_OVERHEAD = 'meridian-'.length + 1 + 12 + 1;

/** Builds the plan; throws SynthError when the config cannot be emitted as it stands. */
export function synthPlan(config: PipelineConfig): SynthPlan {
  const regions = allRegions(config);
  const longest = Math.max(...regions.map((r) => r.length));
  if (BUCKET_OVERHEAD + config.pipeline.length + longest > 63) {
    throw new SynthError('SYNTH_NAME_TOO_LONG', `pipeline name '${config.pipeline}' is too long for per-region artifact bucket names (at most ${63 - BUCKET_OVERHEAD - longest} characters with region ${regions.find((r) => r.length === longest)})`);
  }
  // The waves, their concurrency and tolerance exactly as the local engine plans them.
  const rollout = buildPlan(config);
  const known = new Set(regions);
  for (const w of rollout.waves) for (const r of w.regions) if (!known.has(r.region)) throw new SynthError('SYNTH_UNKNOWN_REGION', `rollout.waves names ${r.region}, which is not in regions`);
  const targets = regions.map((r) => targetOf(config, r));
  return {
    config,
    pipeline: config.pipeline,
    home: config.regions.primary,
    regions: targets,
    waves: rollout.waves.map((w) => ({ regions: w.regions.map((r) => r.region), maxConcurrency: w.maxConcurrent, tolerance: toleranceOf(w.toleranceSpec) })),
    retry: { maxAttempts: rollout.retries.attempts - 1, intervalSeconds: Math.max(1, Math.round(rollout.retries.backoffMs / 1000)) },
    needsDeploymentRole: targets.some((t) => typeof t.roleArn !== 'string'),
    accounts: [...new Set(targets.flatMap((t) => (t.account ? [t.account] : [])))],
    levels: Object.fromEntries(rollout.waves.flatMap((w) => w.regions.map((r) => [r.region, Object.fromEntries(r.stacks.map((s) => [s.stack, s.level]))]))),
  };
}
