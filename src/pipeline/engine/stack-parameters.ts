// Turns a stack's parameters in meridian.yaml into CloudFormation parameter values for one region:
// literals, other stacks' outputs (same or another region), SSM parameters, environment variables.
// Values are never logged: they may be secrets (NoEcho parameters, `{ env: ... }`).
import { describeStack, getParameter } from '../../cloud/index.js';
import type { ParameterValue, StackConfig } from '../config/schema.js';
import { StepFailure, type RunContext } from './run-context.js';

export type StackVariant = 'production' | 'stage';

/** The CloudFormation stack name of a configured stack in one variant. */
export function stackNameOf(ctx: RunContext, name: string, variant: StackVariant): string {
  return variant === 'stage' ? `${name}${ctx.config.stage.suffix}` : name;
}

/** The parameters that apply to `stack` in `region`: base, then secondary, then per-region overrides. */
export function parameterSpecs(ctx: RunContext, stack: StackConfig, region: string): Record<string, ParameterValue> {
  const secondary = region !== ctx.config.regions.primary;
  return { ...stack.parameters, ...(secondary ? stack.secondaryParameters : {}), ...(stack.regionParameters[region] ?? {}) };
}

export type ResolvedParameters =
  | { kind: 'resolved'; values: Record<string, string> }
  /** An output another stack has not produced yet (it is not deployed): the preview says so. */
  | { kind: 'pending-output'; stack: string; region: string; output: string };

/**
 * Resolves the values of `stack`'s parameters in `region`. `declared` lists the template's parameter
 * names: others are left out with a warning (CloudFormation refuses undeclared parameters).
 */
export async function resolveStackParameters(
  ctx: RunContext,
  stack: StackConfig,
  region: string,
  variant: StackVariant,
  declared: ReadonlySet<string>,
): Promise<ResolvedParameters> {
  const values: Record<string, string> = {};
  const where = { stage: variant === 'stage' ? ('stage' as const) : ('deploy' as const), region, stack: stack.name };
  for (const [key, spec] of Object.entries(parameterSpecs(ctx, stack, region))) {
    if (!declared.has(key)) {
      ctx.log('warn', `parameter ${key} of ${stack.name} is not declared by its template; left out`, where);
      continue;
    }
    if (typeof spec === 'string') {
      values[key] = spec;
    } else if ('env' in spec) {
      const value = ctx.deps.env[spec.env];
      if (value === undefined) throw new StepFailure('PARAMETER_ENV_MISSING', `parameter ${key} of ${stack.name} reads environment variable ${spec.env}, which is not set`, where);
      values[key] = value;
    } else if ('ssm' in spec) {
      const ssmRegion = spec.ssm.region === 'primary' ? ctx.config.regions.primary : (spec.ssm.region ?? region);
      const value = await getParameter(ctx.deps.cloud, { region: ssmRegion }, spec.ssm.name);
      if (value === undefined) throw new StepFailure('PARAMETER_SSM_MISSING', `parameter ${key} of ${stack.name}: SSM parameter ${spec.ssm.name} does not exist in ${ssmRegion}`, where);
      values[key] = value;
    } else {
      const ref = spec.output;
      // The stage stacks live in the primary region only, so stage-variant references resolve there.
      const refRegion = variant === 'stage' ? ctx.config.regions.primary : ref.region === 'primary' ? ctx.config.regions.primary : (ref.region ?? region);
      const refStack = stackNameOf(ctx, ref.stack, variant);
      const found = await describeStack(ctx.deps.cloud, { region: refRegion }, refStack);
      const value = found && found.status !== 'REVIEW_IN_PROGRESS' ? found.outputs[ref.name] : undefined;
      if (value === undefined) {
        if (!found || found.status === 'REVIEW_IN_PROGRESS') return { kind: 'pending-output', stack: refStack, region: refRegion, output: ref.name };
        throw new StepFailure('PARAMETER_OUTPUT_MISSING', `parameter ${key} of ${stack.name}: stack ${refStack} in ${refRegion} has no output ${ref.name}`, where);
      }
      values[key] = value;
    }
  }
  return { kind: 'resolved', values };
}
