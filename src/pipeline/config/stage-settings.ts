// Where the stage stacks deploy and with which values (`stage:` in meridian.yaml): by default the
// primary region's stacks, in the primary region and its account, with production's values; the
// stage may take its own parameter values and live in another region or account (a staging account).
import type { AccountTarget } from '../rollout/accounts.js';
import { accountOf } from '../rollout/accounts.js';
import type { ParameterValue, PipelineConfig, StackConfig } from './schema.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';

type Problem = [(string | number)[], string];

/** The region the stage stacks live in. */
export function stageRegionOf(config: PipelineConfig): string {
  return config.stage.region ?? config.regions.primary;
}

/** The account the stage stacks deploy to, or undefined for the caller's own account. */
export function stageAccountOf(config: PipelineConfig): AccountTarget | undefined {
  const name = config.stage.account;
  if (name === undefined) return accountOf(config, stageRegionOf(config));
  const account = config.accounts[name];
  return account ? { name, id: account.id, ...(account.role ? { role: account.role } : {}) } : undefined;
}

/** True when the stage runs somewhere production's routing by region would not send it. */
export function stageElsewhere(config: PipelineConfig): boolean {
  return config.stage.account !== undefined && config.stage.account !== accountOf(config, stageRegionOf(config))?.name;
}

/**
 * The values a stage stack is configured with: the primary region's (the stage previews what the
 * primary will get), then `stage.parameters`.
 */
export function stageParameterSpecs(config: PipelineConfig, stack: StackConfig): Record<string, ParameterValue> {
  return { ...stack.parameters, ...(stack.regionParameters[config.regions.primary] ?? {}), ...config.stage.parameters };
}

/** The stacks that have a stage stack: the primary region's, in the primary's order. */
export function stageStacks(config: PipelineConfig): StackConfig[] {
  return stackOrder(config, config.regions.primary);
}

/** The regions Package uploads to: every region of the pipeline, and the stage's. */
export function packageRegions(config: PipelineConfig): string[] {
  const regions = allRegions(config);
  const stage = stageRegionOf(config);
  return regions.includes(stage) ? regions : [...regions, stage];
}

/** True when `stack` is packaged for `region`: it deploys there, or its stage stack does. */
export function packagedIn(config: PipelineConfig, stack: StackConfig, region: string): boolean {
  if (!stack.regions || stack.regions.includes(region)) return true;
  return region === stageRegionOf(config) && stageStacks(config).some((s) => s.name === stack.name);
}

/** Problems of the `stage:` section that the schema cannot see. */
export function stageIssues(config: PipelineConfig): Problem[] {
  const problems: Problem[] = [];
  const name = config.stage.account;
  if (name !== undefined && !config.accounts[name]) {
    const known = Object.keys(config.accounts);
    problems.push([['stage', 'account'], `unknown account '${name}'; ${known.length ? `accounts: ${known.join(', ')}` : 'define it under accounts:'}`]);
  }
  for (const [key, value] of Object.entries(config.stage.parameters)) {
    if (typeof value === 'object' && 'output' in value && !config.stacks.some((s) => s.name === value.output.stack)) {
      problems.push([['stage', 'parameters', key, 'output', 'stack'], `unknown stack '${value.output.stack}'`]);
    }
  }
  return problems;
}
