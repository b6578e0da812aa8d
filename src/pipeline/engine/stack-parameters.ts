// The run's view of parameter resolution: a missing value fails the step, an undeclared key warns.
import type { StackConfig } from '../config/schema.js';
import { resolveParameterValues, stackNameFor, type ParameterValues, type StackVariant } from './parameter-values.js';
import { StepFailure, type RunContext } from './run-context.js';

export type { StackVariant } from './parameter-values.js';

/** The CloudFormation stack name of a configured stack in one variant. */
export function stackNameOf(ctx: RunContext, name: string, variant: StackVariant): string {
  return stackNameFor(ctx.config, name, variant);
}

/** Resolved values (with their origins), or an output another stack has not produced yet (it is not deployed). */
export type ResolvedParameters = Exclude<ParameterValues, { kind: 'missing' }>;

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
  const where = { stage: variant === 'stage' ? ('stage' as const) : ('deploy' as const), region, stack: stack.name };
  const result = await resolveParameterValues({ cloud: ctx.deps.cloud, config: ctx.config, env: ctx.deps.env }, stack, region, variant, declared, {
    onUndeclared: (key) => ctx.log('warn', `parameter ${key} of ${stack.name} is not declared by its template; left out`, where),
  });
  if (result.kind === 'missing') throw new StepFailure(result.code, result.message, where);
  return result;
}
