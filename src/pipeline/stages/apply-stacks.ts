// Deploys stacks of one region (stage, production, revert, rollback alike) as a DAG: a stack starts
// once the stacks it needs have deployed, so independent stacks run side by side. Each stack is a
// durable step whose cell ends in the state it reached. After a failure no further stack of the
// region starts (those running finish).
import { isRetryable } from '../../cloud/index.js';
import type { StackConfig } from '../config/schema.js';
import type { ApprovedRecord } from '../record/approved-record.js';
import { deployStack, type DeployOutcome } from '../engine/deploy-stack.js';
import type { StageName } from '../engine/events.js';
import type { RunContext, StepVerdict } from '../engine/run-context.js';
import { isLiveStack, type StackDeployment } from '../engine/stack-deployment.js';
import { checkStackOwnership, type DescribedStack } from '../engine/stack-ownership.js';
import { sameRegionDependencies } from '../engine/stack-order.js';
import { stepKeys, type ApplyPurpose, type StepKey } from '../engine/step-keys.js';

export interface AppliedStack {
  stack: string;
  outcome: DeployOutcome;
  /** The stack did not exist before this run deployed it (noted before the deploy started). */
  created?: boolean;
  /** What an approval of this deployment records (no secret values: digests and origins only). */
  record?: ApprovedRecord;
}

export interface RegionOutcome {
  region: string;
  /** The stacks that were started, in dependency order. */
  stacks: AppliedStack[];
  failed: boolean;
  /** Some stack of this region was deployed by this process (not replayed). */
  fresh: boolean;
}

export interface ApplyPlan {
  purpose: ApplyPurpose;
  /** The stage the events and cells belong to. */
  stage: StageName;
  region: string;
  /** In dependency order. */
  stacks: StackConfig[];
  /** The deployment of one stack (throws StepFailure when it cannot be made). */
  deploymentOf: (stack: StackConfig) => Promise<StackDeployment>;
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

const verdictOf = (r: { outcome: DeployOutcome }): StepVerdict =>
  r.outcome.kind === 'failed' ? { status: 'failed', reason: `${r.outcome.status}: ${r.outcome.reason}` } : { status: 'succeeded', ...(r.outcome.kind === 'no-changes' ? { reason: 'no changes' } : {}) };

/**
 * Whether the stack existed before this run deployed it, kept in the step's data before the deploy
 * starts: a resumed step reads it back (by then the stack exists either way).
 */
async function existedBefore(ctx: RunContext, key: StepKey, meta: { stage: StageName; region: string; stack: string }, found: DescribedStack): Promise<boolean> {
  const noted = (await ctx.journal.getStep(key))?.data.existed;
  if (typeof noted === 'boolean') return noted;
  const existed = isLiveStack(found);
  await ctx.checkpoint(key, meta, { existed });
  return existed;
}

async function applyOne(ctx: RunContext, plan: ApplyPlan, stack: StackConfig): Promise<{ applied: AppliedStack; fresh: boolean }> {
  const meta = { stage: plan.stage, region: plan.region, stack: stack.name };
  const key = stepKeys.apply(plan.purpose, plan.region, stack.name);
  if ((await ctx.finished(key)) === undefined) ctx.emit({ type: 'stage-started', ...meta });
  const applied = await ctx.step(
    key,
    meta,
    async (): Promise<AppliedStack> => {
      const d = await plan.deploymentOf(stack);
      // One look at the stack serves the ownership check and the note of whether it existed.
      const found = await checkStackOwnership(ctx, plan.region, d.stackName, meta);
      const existed = plan.noteCreated ? await existedBefore(ctx, key, meta, found) : undefined;
      const outcome = await withStackRetries(ctx, (attempt) => deployStack(ctx, d, { stage: plan.stage, stepKey: key, attempt, meta, purpose: plan.purpose }), meta);
      return { stack: stack.name, outcome, record: d.record, ...(existed !== undefined ? { created: !existed } : {}) };
    },
    verdictOf,
  );
  const r = applied.outcome;
  const summary = r.kind === 'failed' ? `${r.status}: ${r.reason}` : r.kind === 'no-changes' ? 'no changes' : `${r.status} (${r.changes} changes)`;
  ctx.emitFresh(key, { type: 'stage-finished', ...meta, outcome: r.kind, summary });
  return { applied, fresh: ctx.isFresh(key) };
}

export async function applyStacks(ctx: RunContext, plan: ApplyPlan): Promise<RegionOutcome> {
  const { region } = plan;
  const byName = new Map(plan.stacks.map((s) => [s.name, s]));
  const outcome: RegionOutcome = { region, stacks: [], failed: false, fresh: false };
  const done = new Map<string, AppliedStack>();
  const running = new Map<string, Promise<boolean>>();
  // Resolves true when the stack deployed (or had nothing to do); false when it failed or never started.
  const run = (stack: StackConfig): Promise<boolean> => {
    let p = running.get(stack.name);
    if (p) return p;
    p = (async () => {
      const needs = sameRegionDependencies(stack, region, ctx.config.regions.primary).flatMap((d) => (byName.has(d) ? [byName.get(d) as StackConfig] : []));
      const ok = await Promise.all(needs.map(run));
      if (ok.includes(false) || outcome.failed) return false;
      const { applied, fresh } = await applyOne(ctx, plan, stack).catch((err: unknown) => {
        // A crash (bad parameter, cloud error after retries) stops the region like a failed stack.
        outcome.failed = true;
        throw err;
      });
      done.set(stack.name, applied);
      if (fresh) outcome.fresh = true;
      if (applied.outcome.kind === 'failed') outcome.failed = true;
      return applied.outcome.kind !== 'failed';
    })();
    running.set(stack.name, p);
    return p;
  };
  const settled = await Promise.allSettled(plan.stacks.map(run));
  for (const s of plan.stacks) {
    const d = done.get(s.name);
    if (d) outcome.stacks.push(d);
  }
  const crash = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (crash) throw crash.reason;
  return outcome;
}
