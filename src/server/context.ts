// What every route shares: the store, the engine's deps, the worker, the SSE hub, sessions, the
// secret set, and the current pipeline config (re-read from the watched branch).
import type { Context } from 'hono';
import { ApprovalRefused, parseConfig, recordDecision, type PipelineConfig, type PipelineDeps } from '../pipeline/index.js';
import type { Store, UserRecord } from '../store/index.js';
import { AuthError, hasRole, identityOf, type RandomBytes } from './auth.js';
import type { EventHub } from './hub.js';
import type { SecretSet } from './secrets.js';
import type { Session, Sessions } from './sessions.js';
import type { Worker } from './worker.js';

export interface ServerContext {
  store: Store;
  /** The watched git repository. */
  repo: string;
  deps: PipelineDeps;
  hub: EventHub;
  worker: Worker;
  sessions: Sessions;
  secrets: SecretSet;
  now: () => number;
  random: RandomBytes;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  config: () => PipelineConfig | undefined;
  branch: () => string;
  env: Readonly<Record<string, string | undefined>>;
  /** Ends open SSE streams at shutdown. */
  closers: Set<() => void>;
}

export type HonoEnv = { Variables: { user?: UserRecord; session?: Session; via?: 'token' | 'session' } };
export type Ctx = Context<HonoEnv>;

const REFUSAL_STATUS = { NOT_AN_APPROVER: 403, SELF_APPROVAL: 403, NOT_AWAITING_APPROVAL: 409, UNKNOWN_RUN: 404 } as const;

/**
 * Approves or rejects a run for `user`: the role check here, the pipeline's own checks (approver list,
 * no self-approval) in recordDecision. Every attempt, allowed or refused, goes to the audit journal.
 */
export function decideRun(sc: ServerContext, user: UserRecord, runId: string, kind: 'approved' | 'rejected', comment: string | undefined, via: 'token' | 'session' = 'session'): void {
  const action = kind === 'approved' ? 'approve' : 'reject';
  const audit = (outcome: string, data: Record<string, unknown> = {}) =>
    sc.store.appendAudit({ actor: user.name, action, target: runId, outcome, data: { ...(comment ? { comment } : {}), ...data } });
  if (!hasRole(user.role, 'approver')) {
    audit('refused', { code: 'FORBIDDEN_ROLE' });
    throw new AuthError(403, 'FORBIDDEN_ROLE', `${user.name} is a ${user.role}; deciding needs the approver or admin role`);
  }
  if (comment !== undefined && comment.length > 2000) throw new AuthError(400, 'COMMENT_TOO_LONG', 'a comment is at most 2000 characters');
  const run = sc.store.getRun(runId);
  if (!run) throw new AuthError(404, 'UNKNOWN_RUN', `no run ${runId}`);
  try {
    const config = parseConfig(String(run.data.configText ?? ''), 'meridian.yaml');
    const at = new Date(sc.now()).toISOString();
    recordDecision(sc.store, config, runId, { kind, by: identityOf(user), at, via: via === 'token' ? 'server-token' : 'server-session', ...(comment ? { comment } : {}) });
  } catch (err) {
    if (err instanceof ApprovalRefused) {
      audit('refused', { code: err.code });
      throw new AuthError(REFUSAL_STATUS[err.code], err.code, err.message);
    }
    throw err;
  }
  audit('ok', { by: identityOf(user) });
  // Decided runs are no longer waiting: a commit that arrives before the worker carries this run on
  // must not supersede it (startRun supersedes only runs awaiting approval). A crash here leaves a
  // `running` run, which the next start resumes.
  sc.store.setRunStatus(runId, 'running');
  sc.hub.publish(runId);
  void sc.worker.continue(runId);
}
