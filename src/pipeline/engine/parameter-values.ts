// Turns a stack's parameters in meridian.yaml into CloudFormation parameter values for one region:
// literals, other stacks' outputs (same or another region), SSM parameters, environment variables.
// Pure of the run (no store, no events), so the local engine and the AWS-native functions share it.
// Values are never logged: they may be secrets (NoEcho parameters, `{ env: ... }`).
import { describeStack, getParameter, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import type { ParameterValue, PipelineConfig, StackConfig } from '../config/schema.js';
import { stageParameterSpecs, stageRegionOf } from '../config/stage-settings.js';

export type StackVariant = 'production' | 'stage';

export interface ParameterSource {
  cloud: CloudDeps;
  config: PipelineConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** A role to read other stacks and SSM through (AWS-native functions); the local engine routes per region instead. */
  roleArn?: string;
}

/** Where a resolved value came from: the approved record keeps secrets by their origin, never their value. */
export type ParameterOrigin =
  | { kind: 'literal' }
  | { kind: 'env'; name: string }
  | { kind: 'ssm'; name: string; region: string }
  | { kind: 'output'; stack: string; region: string; output: string };

export type ParameterValues =
  | { kind: 'resolved'; values: Record<string, string>; origins: Record<string, ParameterOrigin> }
  /** An output another stack has not produced yet (it is not deployed): the preview says so. */
  | { kind: 'pending-output'; stack: string; region: string; output: string }
  | { kind: 'missing'; code: 'PARAMETER_ENV_MISSING' | 'PARAMETER_SSM_MISSING' | 'PARAMETER_OUTPUT_MISSING'; message: string };

/** The CloudFormation stack name of a configured stack in one variant. */
export function stackNameFor(config: PipelineConfig, name: string, variant: StackVariant): string {
  return variant === 'stage' ? `${name}${config.stage.suffix}` : name;
}

/** The parameters that apply to `stack` in `region`: base, then secondary, then per-region overrides. */
export function parameterSpecs(config: PipelineConfig, stack: StackConfig, region: string): Record<string, ParameterValue> {
  const secondary = region !== config.regions.primary;
  return { ...stack.parameters, ...(secondary ? stack.secondaryParameters : {}), ...(stack.regionParameters[region] ?? {}) };
}

export interface ResolveOptions {
  /** Told of configured parameters the template does not declare (they are left out: CloudFormation refuses them). */
  onUndeclared?: (key: string) => void;
  /** Leave other stacks' outputs out (CodePipeline passes them with Fn::GetParam). */
  skipOutputs?: boolean;
}

/** Resolves `stack`'s parameters in `region`, keeping only those its template declares. */
export async function resolveParameterValues(
  src: ParameterSource,
  stack: StackConfig,
  region: string,
  variant: StackVariant,
  declared: ReadonlySet<string>,
  options: ResolveOptions = {},
): Promise<ParameterValues> {
  const { config } = src;
  const target = (r: string): CloudTarget => ({ region: r, ...(src.roleArn ? { roleArn: src.roleArn } : {}) });
  const values: Record<string, string> = {};
  const origins: Record<string, ParameterOrigin> = {};
  const specs = variant === 'stage' ? stageParameterSpecs(config, stack) : parameterSpecs(config, stack, region);
  for (const [key, spec] of Object.entries(specs)) {
    if (!declared.has(key)) {
      // `stage.parameters` serve every stack: one a template does not declare is not a mistake.
      if (!(variant === 'stage' && key in config.stage.parameters)) options.onUndeclared?.(key);
      continue;
    }
    if (typeof spec === 'string') {
      values[key] = spec;
      origins[key] = { kind: 'literal' };
    } else if ('env' in spec) {
      const value = src.env[spec.env];
      if (value === undefined) return { kind: 'missing', code: 'PARAMETER_ENV_MISSING', message: `parameter ${key} of ${stack.name} reads environment variable ${spec.env}, which is not set` };
      values[key] = value;
      origins[key] = { kind: 'env', name: spec.env };
    } else if ('ssm' in spec) {
      const where = spec.ssm.region === 'primary' ? config.regions.primary : (spec.ssm.region ?? region);
      const value = await getParameter(src.cloud, target(where), spec.ssm.name);
      if (value === undefined) return { kind: 'missing', code: 'PARAMETER_SSM_MISSING', message: `parameter ${key} of ${stack.name}: SSM parameter ${spec.ssm.name} does not exist in ${where}` };
      values[key] = value;
      origins[key] = { kind: 'ssm', name: spec.ssm.name, region: where };
    } else if (!options.skipOutputs) {
      const ref = spec.output;
      // Stage stacks live in the stage region only, so stage references resolve there.
      const where = variant === 'stage' ? stageRegionOf(config) : ref.region === 'primary' ? config.regions.primary : (ref.region ?? region);
      const name = stackNameFor(config, ref.stack, variant);
      const found = await describeStack(src.cloud, target(where), name);
      const value = found && found.status !== 'REVIEW_IN_PROGRESS' ? found.outputs[ref.name] : undefined;
      if (value === undefined) {
        if (!found || found.status === 'REVIEW_IN_PROGRESS') return { kind: 'pending-output', stack: name, region: where, output: ref.name };
        return { kind: 'missing', code: 'PARAMETER_OUTPUT_MISSING', message: `parameter ${key} of ${stack.name}: stack ${name} in ${where} has no output ${ref.name}` };
      }
      values[key] = value;
      origins[key] = { kind: 'output', stack: name, region: where, output: ref.name };
    }
  }
  return { kind: 'resolved', values, origins };
}
