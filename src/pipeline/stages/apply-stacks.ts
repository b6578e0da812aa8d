// Deploys the configured stacks of one region (stage and production alike) as a DAG: a stack starts
// once the stacks it needs have deployed, so independent stacks run side by side. Each stack is a
// durable step. After a failure no further stack of the region starts (those running finish).
import { describeStack, isRetryable } from '../../cloud/index.js';
import { artifactFor, templateSourceOf, type ArtifactSet } from '../engine/artifact.js';
import { deployStack, type DeployOutcome } from '../engine/deploy-stack.js';
import type { StageName } from '../engine/events.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';
import { resolveStackParameters, stackNameOf, type StackVariant } from '../engine/stack-parameters.js';
import { sameRegionDependencies, stackOrder } from '../engine/stack-order.js';
import type { StackConfig } from '../config/schema.js';

export interface RegionOutcome {
  region: string;
  /** The stacks that were started, in dependency order. */
  stacks: { stack: string; outcome: DeployOutcome; /** The stack did not exist before this run deployed it. */ created?: boolean }[];
  failed: boolean;
  /** Some stack of this region was deployed by this process (not replayed). */
  fresh: boolean;
}

export interface ApplyOptions {
  /** Only these stacks (revert, rollback). */
  only?: ReadonlySet<string>;
  /** Step keys start with this instead of the stage name (so a rollback's steps differ from the deploy's). */
  keyPrefix?: string;
  /** Note (durably, in the step) whether each stack existed before, so a rollback knows what this run created. */
  noteCreated?: boolean;
}

/** Failures worth another attempt: the API said "slow down" or "try again", not "this template is wrong". */
const TRANSIENT_REASON = /Rate exceeded|Throttl|InternalFailure|Service ?Unavailable|timed out/i;

async function withStackRetries(ctx: RunContext, deploy: (attempt: number) => Promise<DeployOutcome>, where: { region: string; stack: string }): Promise<DeployOutcome> {
  const { attempts, backoff } = ctx.config.rollout.retries;
  for (let attempt = 1; ; attempt++) {
    let retry: string | undefined;
    try {
      const result = await deploy(attempt);
      if (result.kind !== 'failed' || attempt >= attempts || !TRANSIENT_REASON.test(result.reason)) return result;
      retry = result.reason;
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err, ctx.deps.cloud.retry)) throw err;
      retry = (err as Error).message;
    }
    const delay = Math.round(backoff * 2 ** (attempt - 1) * (0.5 + ctx.deps.random() / 2));
    ctx.log('warn', `attempt ${attempt} of ${where.stack} in ${where.region} failed for a transient reason (${retry}); retrying in ${delay} ms`, { stage: 'deploy', ...where });
    await ctx.deps.cloud.sleep(delay);
  }
}

/**
 * Whether the stack existed before this run deployed it, kept in the step's data before the deploy
 * starts: a resumed step reads it back (by then the stack exists either way), and a rollback knows
 * which stacks this run created.
 */
async function existedBefore(ctx: RunContext, stepKey: string, where: { stage: StageName; region: string; stack: string }, stackName: string, attempt: number): Promise<boolean> {
  const noted = ctx.deps.store.getStep(ctx.runId, stepKey)?.data.existed;
  if (typeof noted === 'boolean') return noted;
  const found = await describeStack(ctx.deps.cloud, { region: where.region }, stackName);
  const existed = Boolean(found && !['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_COMPLETE'].includes(found.status));
  ctx.deps.store.putStep({ runId: ctx.runId, key: stepKey, ...where, status: 'running', attempt, data: { existed } });
  return existed;
}

async function applyOne(ctx: RunContext, artifacts: ArtifactSet, stack: StackConfig, region: string, variant: StackVariant, stage: StageName, options: ApplyOptions) {
  const where = { stage, region, stack: stack.name };
  const stepKey = `${options.keyPrefix ?? stage}:${region}:${stack.name}`;
  const stackName = stackNameOf(ctx, stack.name, variant);
  if (ctx.finished(stepKey) === undefined) ctx.emit({ type: 'stage-started', ...where });
  let existed: boolean | undefined;
  const result = await ctx.step(stepKey, where, async (attempt) => {
    if (options.noteCreated) existed = await existedBefore(ctx, stepKey, where, stackName, attempt);
    const artifact = artifactFor(artifacts, stack.name, region);
    const params = await resolveStackParameters(ctx, stack, region, variant, new Set(artifact.parameters));
    if (params.kind === 'pending-output') {
      throw new StepFailure('PARAMETER_OUTPUT_MISSING', `stack ${params.stack} in ${params.region} has no output ${params.output} yet`, where);
    }
    return withStackRetries(
      ctx,
      (attempt) =>
        deployStack(ctx, {
          stage,
          region,
          stack: stack.name,
          stackName,
          template: templateSourceOf(artifact),
          parameters: params.values,
          capabilities: stack.capabilities,
          tags: stack.tags,
          // A retry is a new change set (the failed one cannot run again) with its own tokens.
          purpose: attempt === 1 ? (options.keyPrefix ?? stage) : `${options.keyPrefix ?? stage}-retry${attempt}`,
          stepKey: attempt === 1 ? stepKey : `${stepKey}#${attempt}`,
        }),
      where,
    );
  });
  if (options.noteCreated) existed ??= ctx.deps.store.getStep(ctx.runId, stepKey)?.data.existed as boolean | undefined;
  const summary = result.kind === 'failed' ? `${result.status}: ${result.reason}` : result.kind === 'no-changes' ? 'no changes' : `${result.status} (${result.changes} changes)`;
  ctx.emitFresh(stepKey, { type: 'stage-finished', ...where, outcome: result.kind, summary });
  return { result, fresh: ctx.isFresh(stepKey), ...(existed !== undefined ? { created: !existed } : {}) };
}

export async function applyStacks(
  ctx: RunContext,
  artifacts: ArtifactSet,
  region: string,
  variant: StackVariant,
  stage: StageName,
  only?: ReadonlySet<string>,
  options: Omit<ApplyOptions, 'only'> = {},
): Promise<RegionOutcome> {
  const opts: ApplyOptions = { ...options, ...(only ? { only } : {}) };
  const order = stackOrder(ctx.config, region).filter((s) => !only || only.has(s.name));
  const names = new Set(order.map((s) => s.name));
  const outcome: RegionOutcome = { region, stacks: [], failed: false, fresh: false };
  const done = new Map<string, { stack: string; outcome: DeployOutcome; created?: boolean }>();
  const running = new Map<string, Promise<boolean>>();
  // Resolves true when the stack deployed (or had nothing to do); false when it failed or never started.
  const run = (stack: StackConfig): Promise<boolean> => {
    let p = running.get(stack.name);
    if (p) return p;
    p = (async () => {
      const needs = sameRegionDependencies(stack, region, ctx.config.regions.primary).filter((d) => names.has(d));
      const ok = await Promise.all(needs.map((d) => run(order.find((s) => s.name === d) as StackConfig)));
      if (ok.includes(false) || outcome.failed) return false;
      const applied = await applyOne(ctx, artifacts, stack, region, variant, stage, opts).catch((err: unknown) => {
        // A crash (bad parameter, cloud error after retries) stops the region like a failed stack.
        outcome.failed = true;
        throw err;
      });
      const { result, fresh, created } = applied;
      done.set(stack.name, { stack: stack.name, outcome: result, ...(created !== undefined ? { created } : {}) });
      if (fresh) outcome.fresh = true;
      if (result.kind === 'failed') outcome.failed = true;
      return result.kind !== 'failed';
    })();
    running.set(stack.name, p);
    return p;
  };
  const settled = await Promise.allSettled(order.map(run));
  for (const s of order) {
    const d = done.get(s.name);
    if (d) outcome.stacks.push(d);
  }
  const crash = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (crash) throw crash.reason;
  return outcome;
}
