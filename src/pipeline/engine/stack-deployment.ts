// One stack deployment, complete: the stack name, template, every parameter value, tags,
// capabilities and role. The run makes it from meridian.yaml and the packaged artifact; undo makes it
// from an approved record. Either way the deploy is the same call, and what a deploy applied is
// what the record keeps (approved-record.ts), so undo puts back exactly what was approved.
import { getParameter, type TemplateSource } from '../../cloud/index.js';
import type { StackConfig } from '../config/schema.js';
import { recordedValue, secretDigest, type ApprovedRecord, type RecordedValue, type Variant } from '../record/approved-record.js';
import { accountOf } from '../rollout/accounts.js';
import { stageAccountOf, stageParameterSpecs } from '../config/stage-settings.js';
import { artifactFor, templateSourceOf, type ArtifactSet, type StackArtifact } from './artifact.js';
import { parameterSpecs } from './parameter-values.js';
import { governanceFor, type StackGovernance } from './stack-governance.js';
import { StepFailure, type RunContext, type StepMeta } from './run-context.js';
import { resolveStackParameters, stackNameOf } from './stack-parameters.js';

export interface StackDeployment {
  stack: string;
  region: string;
  variant: Variant;
  stackName: string;
  template: TemplateSource;
  /** In memory only: never journaled (secrets). */
  parameters: Record<string, string>;
  capabilities: string[];
  tags: Record<string, string>;
  roleArn?: string;
  /** Service role, notifications, rollback triggers, stack policy, termination protection (as configured). */
  governance?: StackGovernance;
  /** What the approved record keeps of this deployment once it is approved. */
  record: ApprovedRecord;
}

export type DeploymentOrPending = { kind: 'ready'; deployment: StackDeployment } | { kind: 'pending-output'; stack: string; region: string; output: string };

const pipelineTags = (ctx: RunContext, stack: StackConfig) => ({ ...stack.tags, 'meridian:pipeline': ctx.config.pipeline });

/** The deployment the run makes of `stack` in `region` (variant stage: the stage stack). */
export async function deploymentFor(ctx: RunContext, stack: StackConfig, region: string, variant: Variant, artifact: StackArtifact): Promise<DeploymentOrPending> {
  const params = await resolveStackParameters(ctx, stack, region, variant, new Set(artifact.parameters));
  if (params.kind === 'pending-output') return params;
  const run = await ctx.journal.run();
  const commit = run?.commit ?? '';
  const salt = Math.floor(ctx.deps.random() * 2 ** 48).toString(36) + ctx.runId;
  const noEcho = new Set(artifact.noEcho ?? []);
  const recorded: Record<string, RecordedValue> = {};
  for (const [key, value] of Object.entries(params.values)) {
    const origin = params.origins[key] ?? { kind: 'literal' as const };
    recorded[key] = recordedValue(value, origin, { noEcho: noEcho.has(key), salt, literal: { commit, stack: stack.name, key, region } });
  }
  const stackName = stackNameOf(ctx, stack.name, variant);
  const tags = pipelineTags(ctx, stack);
  const governance = await governanceFor(ctx, stack, region, variant);
  return {
    kind: 'ready',
    deployment: {
      stack: stack.name, region, variant, stackName,
      template: templateSourceOf(artifact),
      parameters: params.values,
      capabilities: stack.capabilities,
      tags,
      governance,
      record: {
        version: 1, pipeline: ctx.config.pipeline, stack: stack.name, variant, region, account: (variant === 'stage' ? stageAccountOf(ctx.config) : accountOf(ctx.config, region))?.id ?? '', stackName,
        runId: ctx.runId, commit,
        template: { url: artifact.url, sha256: artifact.sha256, ...(artifact.bucket ? { bucket: artifact.bucket } : {}), ...(artifact.key ? { key: artifact.key } : {}), ...(artifact.versionId ? { versionId: artifact.versionId } : {}) },
        parameters: recorded, salt, tags, capabilities: stack.capabilities, governance,
      },
    },
  };
}

/** Reads a secret of a record again; stops when it is gone or no longer the approved value. */
async function secretValue(ctx: RunContext, rec: ApprovedRecord, key: string, v: Extract<RecordedValue, { secret: unknown }>, where: StepMeta): Promise<string> {
  const fail = (why: string) => new StepFailure('RECORD_SECRET_CHANGED', `cannot restore ${rec.stackName} in ${rec.region} to run ${rec.runId}: parameter ${key} ${why}`, where);
  let value: string | undefined;
  let from: string;
  if ('env' in v.secret) {
    from = `environment variable ${v.secret.env}`;
    value = ctx.deps.env[v.secret.env];
  } else if ('ssm' in v.secret) {
    from = `SSM parameter ${v.secret.ssm.name} in ${v.secret.ssm.region}`;
    value = await getParameter(ctx.deps.cloud, { region: v.secret.ssm.region }, v.secret.ssm.name);
  } else {
    const lit = v.secret.literal;
    from = `meridian.yaml at ${lit.commit.slice(0, 12)}`;
    const then = await ctx.source.configAt(lit.commit);
    const stack = then?.stacks.find((s) => s.name === lit.stack);
    // A stage stack's literal may be one of that commit's `stage.parameters`.
    const specs = stack && then ? (rec.variant === 'stage' ? stageParameterSpecs({ ...ctx.config, stage: then.stage }, stack) : parameterSpecs({ ...ctx.config, stacks: [stack] }, stack, lit.region)) : {};
    const spec = specs[lit.key];
    value = typeof spec === 'string' ? spec : undefined;
  }
  if (value === undefined) throw fail(`was read from ${from}, which is no longer there`);
  if (secretDigest(rec.salt, value) !== v.digest) throw fail(`was read from ${from}, which now holds a different value than the approved one (set it back, or deploy a new approved change)`);
  return value;
}

/** The deployment that puts a stack back to its approved record. */
export async function deploymentFromRecord(ctx: RunContext, rec: ApprovedRecord, where: StepMeta): Promise<StackDeployment> {
  const parameters: Record<string, string> = {};
  for (const [key, v] of Object.entries(rec.parameters)) parameters[key] = 'value' in v ? v.value : await secretValue(ctx, rec, key, v, where);
  return {
    stack: rec.stack, region: rec.region, variant: rec.variant, stackName: rec.stackName,
    // By URL: the record keeps where the template is, not its text (objects are content-addressed and versioned).
    template: { url: rec.template.url },
    parameters, capabilities: rec.capabilities, tags: rec.tags,
    ...(rec.roleArn ? { roleArn: rec.roleArn } : {}),
    ...(rec.governance ? { governance: rec.governance } : {}),
    record: rec,
  };
}

/** True when a described stack is something a deploy updates (not a leftover of a failed create). */
export function isLiveStack(found: { status: string } | undefined): boolean {
  return Boolean(found && !['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_COMPLETE'].includes(found.status));
}

/** The run's deployments of one region (stage or production); an output not deployed yet fails the stack's step. */
export function runDeployments(ctx: RunContext, artifacts: ArtifactSet, region: string, variant: Variant, where: Omit<StepMeta, 'stack'>) {
  return async (stack: StackConfig): Promise<StackDeployment> => {
    const made = await deploymentFor(ctx, stack, region, variant, artifactFor(artifacts, stack.name, region, variant));
    if (made.kind === 'pending-output') throw new StepFailure('PARAMETER_OUTPUT_MISSING', `stack ${made.stack} in ${made.region} has no output ${made.output} yet`, { ...where, stack: stack.name });
    return made.deployment;
  };
}
