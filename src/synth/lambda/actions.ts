// The function's actions: each is one task of the state machine (or one CodePipeline check), and
// each calls src/pipeline's stages on the run's context (run-host.ts). What is the function's own:
// reading the request, Lambda's time budget (a wait that runs out answers in-progress; the next call
// re-attaches through the journal), the approval task token.
import {
  BUDGET_EXHAUSTED, approvalState, buildPlan, checkValueReads, deleteStageStacks, deployRegion, driftDecision, driftReports, driftStage,
  finishRun, markSkipped, packagedArtifacts, packageStage, previewStage, recordStage, rollbackRegions, stageStage, stepKeys,
  StepFailure, TIMEOUT_APPROVER, validateStage, withUndo, type RunContext,
} from '../../pipeline/index.js';
import { requestApproval, type ApprovalPorts } from './approval.js';
import { fetchPost, notify, type WebhookPost } from './notify.js';
import { openRun, runHost, type HostDeps } from './run-host.js';
import type { ActionRequest, PackageResult, StepAnswer } from './requests.js';

export interface ActionDeps extends HostDeps {
  approval: ApprovalPorts;
  /** Sends a notification webhook; absent = the runtime's fetch. */
  post?: WebhookPost;
}

/** Validation found what `validation.failOn` refuses: the run fails with this error. */
export class ValidationFailed extends Error {
  readonly code = 'VALIDATION_FAILED';
  override readonly name = 'Meridian.ValidationFailed';
}

/** A request the function refuses (bad input): the state machine sees it as error `Meridian.BadRequest`. */
export class BadRequest extends Error {
  readonly code = 'BAD_REQUEST';
  override readonly name = 'Meridian.BadRequest';
}

/** Runs `fn`; out of the invocation's time, the answer is in-progress (the state machine calls again). */
async function withinBudget(fn: () => Promise<StepAnswer>): Promise<StepAnswer> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === BUDGET_EXHAUSTED) return { status: 'in-progress' };
    throw err;
  }
}

const regionsOf = (ctx: RunContext) => [ctx.config.regions.primary, ...ctx.config.regions.secondaries];

/** Runs one action; the result is the Task state's output. */
export async function runAction(deps: ActionDeps, req: ActionRequest): Promise<unknown> {
  if (!req || typeof req.region !== 'string' || typeof req.runId !== 'string') throw new BadRequest('a request needs action, runId and region');
  if (req.action === 'notify') {
    // The commit is the run's, from its journal (none yet when Package itself failed).
    const commit = req.commit ?? (await runHost(deps, req).then((h) => h.journal.run()).catch(() => undefined))?.commit ?? '';
    return notify(deps.config, deps.post ?? fetchPost, { ...req, commit });
  }
  const host = await runHost(deps, req, req.action === 'package' ? { source: req.source } : {});
  const { ctx } = host;
  try {
    return await act(deps, host, req);
  } finally {
    await ctx.journal.flush();
  }
}

async function act(deps: ActionDeps, host: Awaited<ReturnType<typeof runHost>>, req: Exclude<ActionRequest, { action: 'notify' }>): Promise<unknown> {
  const { ctx } = host;
  switch (req.action) {
    case 'package': {
      await openRun(host, deps, req.source);
      checkValueReads(ctx, await packageStage(ctx));
      const t = await host.tree();
      const result: PackageResult = { commit: t.commit, author: t.author };
      return result;
    }
    case 'validate':
      try {
        await validateStage(ctx);
        return { findings: 0 };
      } catch (err) {
        if (err instanceof StepFailure && err.code === 'VALIDATION_FAILED') throw new ValidationFailed(err.message);
        throw err;
      }
    case 'preview': {
      const preview = await previewStage(ctx, await packagedArtifacts(ctx), [req.region]);
      return { region: req.region, changed: preview.anyChanges };
    }
    case 'changes': {
      const preview = await previewStage(ctx, await packagedArtifacts(ctx));
      if (!preview.anyChanges) await finishRun(ctx, 'no-changes', 'no stack changes in any region');
      return { changed: preview.anyChanges };
    }
    case 'stage':
      return withinBudget(async () => {
        const staged = await stageStage(ctx, await packagedArtifacts(ctx));
        return staged.failed ? { status: 'failed', reason: `stage deployment failed in ${staged.region}` } : { status: 'succeeded' };
      });
    case 'drift':
      await driftStage(ctx, [req.region]);
      return { region: req.region };
    case 'drift-policy': {
      if (!ctx.config.drift.enabled) return { kind: 'in-sync' };
      const decision = driftDecision(ctx.config, await driftReports(ctx));
      if (decision.kind === 'block') await finishRun(ctx, 'failed', await withUndo(ctx, decision.reason));
      if (decision.kind === 'warn') ctx.log('warn', decision.reason, { stage: 'drift' });
      return decision;
    }
    case 'request-approval': {
      const state = await approvalState(ctx);
      if (state.kind !== 'waiting') return { notified: 0, decided: state.kind };
      await ctx.journal.setStatus('awaiting-approval');
      const run = await ctx.journal.run();
      const author = { ...(run?.authorName ? { name: run.authorName } : {}), ...(run?.authorEmail ? { email: run.authorEmail } : {}) };
      const requested = await requestApproval(deps.config, deps.approval, { runId: req.runId, taskToken: req.taskToken, commit: run?.commit ?? '', author });
      // Webhooks hear of it too; their failure never holds up the approval.
      await notify(deps.config, deps.post ?? fetchPost, { kind: 'approval', runId: req.runId, region: req.region, commit: run?.commit ?? '', ...(req.executionArn ? { executionArn: req.executionArn } : {}) });
      return requested;
    }
    case 'decided':
      return decided(ctx, req);
    case 'delete-stage':
      // No approval asked for, and stage.retain false: the stage stacks go before the rollout, as in the local engine.
      await deleteStageStacks(ctx, 'stage');
      return { status: 'succeeded' };
    case 'deploy-region':
      return withinBudget(async () => {
        const outcome = await deployRegion(ctx, await packagedArtifacts(ctx), req.region, req.wave);
        const failed = outcome.stacks.find((s) => s.outcome.kind === 'failed');
        return { region: req.region, status: outcome.failed ? 'failed' : 'succeeded', ...(failed && failed.outcome.kind === 'failed' ? { reason: `${failed.stack}: ${failed.outcome.reason}` } : {}) };
      });
    case 'finish': {
      // Regions that failed within their wave's tolerance keep their last approved record.
      const states = await regionStates(ctx);
      const failed = regionsOf(ctx).filter((r) => states[r] === 'failed');
      await recordStage(ctx, regionsOf(ctx).filter((r) => states[r] === 'succeeded'));
      await finishRun(ctx, 'succeeded', failed.length ? `failed within tolerance: ${failed.join(', ')}` : undefined);
      return { status: 'succeeded' };
    }
    case 'deploy-failed':
      return deployFailed(ctx);
    case 'fail':
      await finishRun(ctx, 'failed', await withUndo(ctx, req.reason ?? 'the run failed'));
      return { status: 'failed' };
    case 'revert': {
      const reason = await withUndo(ctx, 'rejected');
      await finishRun(ctx, reason.includes('failed') ? 'failed' : 'rejected', reason);
      return { status: 'rejected', reason };
    }
    default:
      throw new BadRequest(`unknown action ${(req as { action?: unknown }).action as string}`);
  }
}

async function regionStates(ctx: RunContext): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const region of regionsOf(ctx)) out[region] = (await ctx.journal.getStep(stepKeys.region('deploy', region)))?.status;
  return out;
}

/** The approval task ended: its decision goes into the journal (the approval links sent it), then the run goes on or is undone. */
async function decided(ctx: RunContext, req: Extract<ActionRequest, { action: 'decided' }>): Promise<{ approved: boolean; reason?: string }> {
  if (!(await ctx.journal.approval())) {
    const timedOut = req.error === 'States.Timeout';
    const parsed = parseDecision(req.decision ?? req.cause);
    const at = new Date(ctx.deps.now()).toISOString();
    if (timedOut || !parsed) await ctx.journal.recordApproval({ decision: 'rejected', by: TIMEOUT_APPROVER, at, comment: timedOut ? `no decision within ${ctx.config.approval.timeout / 1000}s` : 'no decision' });
    else await ctx.journal.recordApproval({ decision: parsed.decision, by: parsed.by, at: parsed.at ?? at, ...(parsed.comment ? { comment: parsed.comment } : {}) });
  }
  const approval = await approvalState(ctx);
  if (approval.kind === 'waiting') throw new BadRequest(`run ${ctx.runId} has no decision yet`);
  await ctx.journal.setStatus('running');
  await ctx.mark(stepKeys.approval(), { stage: 'approval' }, approval.kind === 'approved' ? 'succeeded' : 'failed', { reason: `${approval.kind} by ${approval.by}${approval.comment ? `: ${approval.comment}` : ''}` });
  ctx.emit({ type: 'approval', runId: ctx.runId, decision: approval.kind, by: approval.by, ...(approval.comment ? { comment: approval.comment } : {}) });
  if (approval.kind === 'rejected') {
    const why = approval.timedOut ? 'approval timed out' : `rejected by ${approval.by}`;
    const reason = await withUndo(ctx, why);
    await finishRun(ctx, reason.includes('reverting the stage stacks failed') ? 'failed' : 'rejected', reason);
    return { approved: false, reason };
  }
  if (!ctx.config.stage.retain) await deleteStageStacks(ctx, 'stage');
  return { approved: true };
}

function parseDecision(v: unknown): { decision: 'approved' | 'rejected'; by: string; at?: string; comment?: string } | undefined {
  const d = typeof v === 'string' ? (() => { try { return JSON.parse(v) as unknown; } catch { return undefined; } })() : v;
  const o = d as { decision?: unknown; by?: unknown; at?: unknown; comment?: unknown } | undefined;
  if (!o || (o.decision !== 'approved' && o.decision !== 'rejected') || typeof o.by !== 'string') return undefined;
  return { decision: o.decision, by: o.by, ...(typeof o.at === 'string' ? { at: o.at } : {}), ...(typeof o.comment === 'string' ? { comment: o.comment } : {}) };
}

/** A wave failed beyond its tolerance: later regions are marked skipped, the changed ones rolled back if so configured, the stage undone. */
async function deployFailed(ctx: RunContext): Promise<{ status: string; reason: string }> {
  const states = await regionStates(ctx);
  const failed = regionsOf(ctx).filter((r) => states[r] === 'failed');
  const order = buildPlan(ctx.config).waves.flatMap((w) => w.regions.map((r) => r.region));
  const skipped = order.filter((r) => states[r] === undefined);
  await markSkipped(ctx, skipped);
  const reason = `deployment failed in ${failed.join(', ')}${skipped.length ? `; not started: ${skipped.join(', ')}` : ''}`;
  if (ctx.config.rollout.onFailure !== 'rollback') {
    const r = `${await withUndo(ctx, reason)}; \`meridian rollback ${ctx.runId}\` restores the regions it changed`;
    await finishRun(ctx, 'failed', r);
    return { status: 'failed', reason: r };
  }
  const rolledBack = await rollbackRegions(ctx);
  await ctx.journal.mergeData({ rollback: rolledBack });
  const bad = rolledBack.filter((r) => r.status === 'failed').map((r) => r.region);
  const undone = await withUndo(ctx, reason);
  const r = bad.length > 0 ? `${undone}; rollback failed in ${bad.join(', ')}` : `${undone}; rolled back: ${rolledBack.map((x) => x.region).join(', ') || 'nothing had changed'}`;
  await finishRun(ctx, bad.length > 0 ? 'failed' : 'rolled-back', r);
  return { status: bad.length > 0 ? 'failed' : 'rolled-back', reason: r };
}
