// Approval: the run waits, durably (the process may exit), for a person's decision. The approver
// list and "no self-approval" are enforced here, for the CLI and the server alike; a request older
// than `approval.timeout` is a rejection.
import type { ApprovalVia, RunRecord, Store } from '../../store/index.js';
import type { PipelineConfig } from '../config/schema.js';
import type { RunContext } from '../engine/run-context.js';
import { stepKeys } from '../engine/step-keys.js';

export type ApprovalState =
  | { kind: 'approved'; by: string; at: string; comment?: string }
  | { kind: 'rejected'; by: string; at: string; comment?: string; timedOut: boolean }
  | { kind: 'waiting'; requestedAt: string; timeoutAt: string };

/** A decision that may not be taken (wrong person, wrong state): a user error with a code. */
export class ApprovalRefused extends Error {
  readonly source = 'user' as const;
  constructor(
    readonly code: 'NOT_AN_APPROVER' | 'SELF_APPROVAL' | 'NOT_AWAITING_APPROVAL' | 'UNKNOWN_RUN',
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalRefused';
  }
}

/** A CLI decision whose approver is not proven the way meridian.yaml asks (approval.cli, approval.cliIdentity). */
export class ApproverUnproven extends Error {
  readonly source = 'user' as const;
  constructor(
    readonly code: 'CLI_APPROVAL_DISABLED' | 'APPROVER_IDENTITY_MISMATCH' | 'APPROVER_UNKNOWN',
    message: string,
  ) {
    super(message);
    this.name = 'ApproverUnproven';
  }
}

export const TIMEOUT_APPROVER = 'meridian (approval timed out)';

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();

/** Checks that `by` may decide on `run`; throws ApprovalRefused. */
export function checkApprover(config: PipelineConfig, run: RunRecord, by: string): void {
  const who = norm(by);
  const approvers = config.approval.approvers.map(norm);
  if (approvers.length > 0 && !approvers.includes(who)) {
    throw new ApprovalRefused('NOT_AN_APPROVER', `${by} is not one of the approvers of pipeline ${config.pipeline} (${config.approval.approvers.join(', ')})`);
  }
  const author = [norm(run.authorEmail), norm(run.authorName)].filter((a) => a !== '');
  if (!config.approval.allowSelfApproval && author.includes(who)) {
    throw new ApprovalRefused('SELF_APPROVAL', `${by} wrote commit ${run.commit.slice(0, 12)} and cannot approve it (approval.allowSelfApproval is false)`);
  }
}

/** What the CLI knows of who is deciding: the `--as` flag and the email git would commit with in that repository. */
export interface CliClaim {
  as?: string;
  gitEmail?: string;
  /** The repository git was asked in (for the messages). */
  repo: string;
}

/**
 * Who decides from the CLI on the local store, and how that was established. The CLI proves no more
 * than git does: `--as` must be the committer identity of the repository, unless meridian.yaml allows
 * any identity; a team that needs proof turns CLI approval off and decides through the server.
 */
export function cliApprover(config: PipelineConfig, claim: CliClaim): { by: string; via: ApprovalVia } {
  if (!config.approval.cli) {
    throw new ApproverUnproven(
      'CLI_APPROVAL_DISABLED',
      `pipeline ${config.pipeline} takes decisions through its server only (approval.cli is false in meridian.yaml): use \`meridian approve RUN --server URL\` with MERIDIAN_TOKEN set, or the dashboard`,
    );
  }
  if (config.approval.cliIdentity === 'any') {
    const by = claim.as ?? claim.gitEmail;
    if (!by) throw new ApproverUnproven('APPROVER_UNKNOWN', 'who is deciding? pass --as USER or set git config user.email');
    return { by, via: claim.as ? 'any' : 'git' };
  }
  if (!claim.gitEmail) throw new ApproverUnproven('APPROVER_UNKNOWN', `who is deciding? git has no committer email in ${claim.repo}: set git config user.email`);
  if (claim.as !== undefined && norm(claim.as) !== norm(claim.gitEmail)) {
    throw new ApproverUnproven(
      'APPROVER_IDENTITY_MISMATCH',
      `--as ${claim.as} is not who git says you are in ${claim.repo} (${claim.gitEmail}, from git var GIT_COMMITTER_IDENT); decide as yourself, through the server (--server URL), or allow any identity with approval: { cliIdentity: any } in meridian.yaml`,
    );
  }
  return { by: claim.gitEmail, via: 'git' };
}

/** Records a person's decision on a run that awaits approval. */
export function recordDecision(
  store: Store,
  config: PipelineConfig,
  runId: string,
  decision: { kind: 'approved' | 'rejected'; by: string; comment?: string; at: string; via?: ApprovalVia },
): void {
  const run = store.getRun(runId);
  if (!run) throw new ApprovalRefused('UNKNOWN_RUN', `no run ${runId}`);
  if (run.status !== 'awaiting-approval') throw new ApprovalRefused('NOT_AWAITING_APPROVAL', `run ${runId} is ${run.status}, not awaiting approval`);
  if (store.getApproval(runId)) throw new ApprovalRefused('NOT_AWAITING_APPROVAL', `run ${runId} has a decision already`);
  if (decision.kind === 'approved') checkApprover(config, run, decision.by);
  else if (config.approval.approvers.length > 0) checkApprover({ ...config, approval: { ...config.approval, allowSelfApproval: true } }, run, decision.by);
  store.recordApproval({ runId, decision: decision.kind, by: decision.by, at: decision.at, ...(decision.comment ? { comment: decision.comment } : {}), ...(decision.via ? { via: decision.via } : {}) });
}

/** Where the run's approval stands now; asks for one (durably) the first time. */
export async function approvalState(ctx: RunContext): Promise<ApprovalState> {
  const nowMs = ctx.deps.now();
  const key = stepKeys.approval();
  const step = await ctx.journal.getStep(key);
  const requestedAt = typeof step?.data.requestedAt === 'string' ? step.data.requestedAt : new Date(nowMs).toISOString();
  const timeoutAt = new Date(Date.parse(requestedAt) + ctx.config.approval.timeout).toISOString();
  const decided = await ctx.journal.approval();
  if (decided) {
    const base = { by: decided.by, at: decided.at, ...(decided.comment ? { comment: decided.comment } : {}) };
    return decided.decision === 'approved' ? { kind: 'approved', ...base } : { kind: 'rejected', ...base, timedOut: decided.by === TIMEOUT_APPROVER };
  }
  if (nowMs >= Date.parse(timeoutAt)) {
    const at = new Date(nowMs).toISOString();
    await ctx.journal.recordApproval({ decision: 'rejected', by: TIMEOUT_APPROVER, at, comment: `no decision within ${ctx.config.approval.timeout / 1000}s` });
    return { kind: 'rejected', by: TIMEOUT_APPROVER, at, timedOut: true };
  }
  if (!step) await ctx.wait(key, { stage: 'approval' }, { requestedAt, timeoutAt });
  return { kind: 'waiting', requestedAt, timeoutAt };
}
