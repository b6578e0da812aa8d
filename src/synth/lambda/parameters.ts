// Stack parameter values for one region, from meridian.yaml: literals, other stacks' outputs (same or
// another region), SSM parameters and the function's environment. Mirrors the local engine's rules
// (base, then secondaryParameters, then regionParameters); values are never logged.
import { describeStack, getParameter, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import type { PipelineConfig, StackConfig } from '../../pipeline/index.js';

export type ParameterValues =
  | { kind: 'resolved'; values: Record<string, string> }
  | { kind: 'pending-output'; stack: string; region: string; output: string }
  | { kind: 'missing'; message: string };

export interface ParameterSource {
  cloud: CloudDeps;
  config: PipelineConfig;
  env: Readonly<Record<string, string | undefined>>;
  roleArn?: string;
}

const stageName = (config: PipelineConfig, stack: string, variant: 'stage' | 'production') => (variant === 'stage' ? `${stack}${config.stage.suffix}` : stack);

/** The CloudFormation stack name of a configured stack in one variant. */
export { stageName as stackNameOf };

/** Resolves `stack`'s parameters in `region`, keeping only those its template declares. */
export async function resolveParameters(
  src: ParameterSource,
  stack: StackConfig,
  region: string,
  variant: 'stage' | 'production',
  declared: ReadonlySet<string>,
  /** Leave other stacks' outputs out (CodePipeline passes them with Fn::GetParam). */
  skipOutputs = false,
): Promise<ParameterValues> {
  const { config } = src;
  const target = (r: string): CloudTarget => ({ region: r, ...(src.roleArn ? { roleArn: src.roleArn } : {}) });
  const secondary = region !== config.regions.primary;
  const specs = { ...stack.parameters, ...(secondary ? stack.secondaryParameters : {}), ...(stack.regionParameters[region] ?? {}) };
  const values: Record<string, string> = {};
  for (const [key, spec] of Object.entries(specs)) {
    if (!declared.has(key)) continue;
    if (typeof spec === 'string') {
      values[key] = spec;
    } else if ('env' in spec) {
      const value = src.env[spec.env];
      if (value === undefined) return { kind: 'missing', message: `parameter ${key} of ${stack.name} reads environment variable ${spec.env}, which the function does not have` };
      values[key] = value;
    } else if ('ssm' in spec) {
      const where = spec.ssm.region === 'primary' ? config.regions.primary : (spec.ssm.region ?? region);
      const value = await getParameter(src.cloud, target(where), spec.ssm.name);
      if (value === undefined) return { kind: 'missing', message: `parameter ${key} of ${stack.name}: SSM parameter ${spec.ssm.name} does not exist in ${where}` };
      values[key] = value;
    } else if (skipOutputs) {
      continue;
    } else {
      const ref = spec.output;
      // Stage stacks live in the primary region only, so stage references resolve there.
      const where = variant === 'stage' || ref.region === 'primary' ? config.regions.primary : (ref.region ?? region);
      const name = stageName(config, ref.stack, variant);
      const found = await describeStack(src.cloud, target(where), name);
      const value = found && found.status !== 'REVIEW_IN_PROGRESS' ? found.outputs[ref.name] : undefined;
      if (value === undefined) {
        if (!found || found.status === 'REVIEW_IN_PROGRESS') return { kind: 'pending-output', stack: name, region: where, output: ref.name };
        return { kind: 'missing', message: `parameter ${key} of ${stack.name}: stack ${name} in ${where} has no output ${ref.name}` };
      }
      values[key] = value;
    }
  }
  return { kind: 'resolved', values };
}
