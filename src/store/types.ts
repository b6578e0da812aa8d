/** Run statuses, a contract with `--json` output and the API. */
export type RunStatus = 'running' | 'awaiting-approval' | 'succeeded' | 'no-changes' | 'failed' | 'rejected' | 'rolled-back' | 'superseded' | 'cancelled';

/** `warned`: the step finished and the run went on, with something to say (drift under `warn`, warnings, NOT_CHECKED). */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting' | 'warned';

export interface RunRecord {
  id: string;
  pipeline: string;
  status: RunStatus;
  commit: string;
  branch?: string;
  authorName?: string;
  authorEmail?: string;
  message?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Free-form run data (config snapshot, summaries). */
  data: Record<string, unknown>;
}

export interface StepRecord {
  runId: string;
  /** Unique within a run, e.g. deploy:us-east-1:shop-app. */
  key: string;
  stage: string;
  region?: string;
  stack?: string;
  status: StepStatus;
  attempt: number;
  startedAt?: string;
  finishedAt?: string;
  data: Record<string, unknown>;
}

export interface EventRecord {
  seq: number;
  runId: string;
  time: string;
  type: string;
  data: Record<string, unknown>;
}

export interface ApprovalRecord {
  runId: string;
  decision: 'approved' | 'rejected';
  by: string;
  at: string;
  comment?: string;
  /** How `by` was established (git, any, server-token, server-session); absent on older decisions. */
  via?: ApprovalVia;
}

/** How an approver's identity was established: git's committer identity, anyone allowed, or the server's login. */
export type ApprovalVia = 'git' | 'any' | 'server-token' | 'server-session';

export interface LastApprovedRecord {
  pipeline: string;
  stack: string;
  region: string;
  account: string;
  runId: string;
  at: string;
  data: Record<string, unknown>;
}

export type Role = 'viewer' | 'approver' | 'admin';

export interface UserRecord {
  name: string;
  email?: string;
  role: Role;
  createdAt: string;
}

/** One entry of the audit journal: who did what to which target, and whether it was allowed. */
export interface AuditRecord {
  seq: number;
  time: string;
  actor: string;
  action: string;
  target?: string;
  outcome: string;
  data: Record<string, unknown>;
}

/** An API token as listed: never its hash or value. */
export interface TokenRecord {
  id: string;
  userName: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** A dashboard session as stored: the hash of its id, the token it was opened with, times in ms. */
export interface SessionRecord {
  idHash: string;
  tokenId: string;
  /** The token's owner. */
  userName: string;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute expiry. */
  expiresAt: number;
  tokenRevoked: boolean;
}

/** One queued webhook notification and where its delivery stands. */
export interface NotificationRecord {
  id: number;
  runId: string;
  kind: string;
  url: string;
  body: Record<string, unknown>;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** When the next attempt is due (ms since the epoch). */
  nextAt: number;
  lastError?: string;
}
