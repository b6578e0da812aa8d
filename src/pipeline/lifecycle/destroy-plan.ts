// What `meridian destroy` would delete, and in which order — or why it must not. Everything a user
// can fix is refused here, before a run is recorded or a stack touched: a stack still in
// meridian.yaml, a stack another pipeline (or a person) made, termination protection, an export
// another stack still imports.
import { importersOf, listLiveStacks, type CloudDeps, type StackSummary } from '../../cloud/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { allRegions, sameRegionDependencies } from '../engine/stack-order.js';
import { PIPELINE_TAG, regionsToScan } from './orphans.js';

export interface DestroyTarget {
  stack: string;
  region: string;
  stackId: string;
  status: string;
}

export interface DestroyPlan {
  pipeline: string;
  /** In deletion order: dependents first, regions other than the primary before it. */
  targets: DestroyTarget[];
}

export type DestroyRefusalCode = 'STACK_CONFIGURED' | 'UNKNOWN_STACK' | 'NOT_THIS_PIPELINE' | 'TERMINATION_PROTECTED' | 'EXPORT_IN_USE' | 'CONFIRMATION_NEEDED';

/** A destroy that may not happen as asked: a user error (exit 2) saying what to do instead. */
export class DestroyRefused extends Error {
  readonly source = 'user' as const;
  constructor(
    readonly code: DestroyRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'DestroyRefused';
  }
}

export interface DestroyRequest {
  stacks: string[];
  region?: string;
  /** Regions earlier runs deployed to (where a stack of a removed region still is). */
  pastRegions?: readonly string[];
  /** meridian.yaml of earlier runs, newest first: the dependsOn of stacks taken out of the current one. */
  earlierConfigs?: readonly PipelineConfig[];
}

function refuseConfigured(config: PipelineConfig, req: DestroyRequest): void {
  for (const name of req.stacks) {
    const stack = config.stacks.find((s) => s.name === name);
    if (!stack) continue;
    const regions = allRegions(config).filter((r) => !stack.regions || stack.regions.includes(r));
    if (req.region === undefined || regions.includes(req.region)) {
      throw new DestroyRefused('STACK_CONFIGURED', `stack ${name} is in meridian.yaml (deployed to ${regions.join(', ')}); take it out of meridian.yaml and commit first, or the next run creates it again`);
    }
  }
}

/** Edges "a must go before b" within one region: a imports b's exports, or a depended on b. */
async function ordering(cloud: CloudDeps, region: string, found: StackSummary[], req: DestroyRequest): Promise<Map<string, Set<string>>> {
  const names = new Set(found.map((s) => s.stackName));
  const before = new Map<string, Set<string>>([...names].map((n) => [n, new Set<string>()]));
  for (const s of found) {
    for (const exportName of Object.values(s.exports)) {
      for (const importer of await importersOf(cloud, { region }, exportName)) {
        if (!names.has(importer)) {
          throw new DestroyRefused('EXPORT_IN_USE', `stack ${s.stackName} in ${region} exports ${exportName}, which stack ${importer} imports; destroy ${importer} first, or both together (meridian destroy ${importer} ${s.stackName} --region ${region})`);
        }
        if (importer !== s.stackName) before.get(importer)?.add(s.stackName);
      }
    }
    const earlier = req.earlierConfigs?.find((c) => c.stacks.some((x) => x.name === s.stackName));
    const was = earlier?.stacks.find((x) => x.name === s.stackName);
    if (earlier && was) for (const dep of sameRegionDependencies(was, region, earlier.regions.primary)) if (names.has(dep)) before.get(s.stackName)?.add(dep);
  }
  return before;
}

/** Dependents first: a stack goes once nothing left depends on it. Ties keep the order asked for. */
function deletionOrder(found: StackSummary[], dependsOn: Map<string, Set<string>>, asked: readonly string[]): StackSummary[] {
  const left = [...found].sort((a, b) => asked.indexOf(a.stackName) - asked.indexOf(b.stackName));
  const out: StackSummary[] = [];
  while (left.length) {
    const i = left.findIndex((s) => !left.some((o) => o !== s && dependsOn.get(o.stackName)?.has(s.stackName)));
    // A cycle (only possible through hand-made exports) is deleted in the order asked; AWS then says which export is in use.
    const [next] = left.splice(i < 0 ? 0 : i, 1);
    if (next) out.push(next);
  }
  return out;
}

/** The plan for deleting `req.stacks` (in `req.region`, or wherever this pipeline has them). */
export async function planDestroy(cloud: CloudDeps, config: PipelineConfig, req: DestroyRequest): Promise<DestroyPlan> {
  refuseConfigured(config, req);
  const scanned = req.region ? [req.region] : regionsToScan(config, req.pastRegions);
  // Regions other than the primary first: secondaries read the primary's outputs, never the reverse.
  const regions = [...scanned.filter((r) => r !== config.regions.primary), ...scanned.filter((r) => r === config.regions.primary)];
  const targets: DestroyTarget[] = [];
  const seen = new Set<string>();
  for (const region of regions) {
    const found = (await listLiveStacks(cloud, { region })).filter((s) => req.stacks.includes(s.stackName) && s.status !== 'DELETE_IN_PROGRESS');
    for (const s of found) {
      if (s.tags[PIPELINE_TAG] !== config.pipeline) {
        throw new DestroyRefused('NOT_THIS_PIPELINE', `stack ${s.stackName} in ${region} is not tagged ${PIPELINE_TAG}=${config.pipeline}${s.tags[PIPELINE_TAG] ? ` (it belongs to pipeline ${s.tags[PIPELINE_TAG]})` : ''}; Meridian deletes only stacks this pipeline made`);
      }
      if (s.terminationProtection) {
        throw new DestroyRefused('TERMINATION_PROTECTED', `stack ${s.stackName} in ${region} has termination protection on; turn it off first (aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${s.stackName} --region ${region}), then destroy it`);
      }
      seen.add(s.stackName);
    }
    const order = deletionOrder(found, await ordering(cloud, region, found, req), req.stacks);
    targets.push(...order.map((s) => ({ stack: s.stackName, region, stackId: s.stackId, status: s.status })));
  }
  const missing = req.stacks.filter((n) => !seen.has(n));
  if (missing.length) throw new DestroyRefused('UNKNOWN_STACK', `no stack ${missing.join(', ')} of pipeline ${config.pipeline} in ${scanned.join(', ')}`);
  return { pipeline: config.pipeline, targets };
}

/** One line per stack the plan deletes, in order. */
export function destroyLines(plan: DestroyPlan): string[] {
  return plan.targets.map((t, i) => `${i + 1}. ${t.stack} in ${t.region} (${t.status})`);
}
