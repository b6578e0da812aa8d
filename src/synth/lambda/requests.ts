// The requests the state machine (or a CodePipeline action) sends the function, and what it answers.
// They stay small: everything a stage needs beyond the run id is in the run's journal (s3-journal.ts).
import type { NotificationKind } from '../../pipeline/index.js';

interface Base {
  /** The execution name (Step Functions) or pipeline execution id (CodePipeline): the run id. */
  runId: string;
  region: string;
  /** The role that reaches each region (the plan's; absent = the function's own credentials). */
  roles?: Record<string, string>;
  /** Older payloads name one region's role. */
  roleArn?: string;
}

/** Where the commit's tree comes from (see source.ts). */
export type SourceRef = { kind: 's3'; bucket: string; key: string; versionId?: string } | { kind: 'codecommit'; repository: string; commit: string };

export type ActionRequest =
  | (Base & { action: 'package'; source: SourceRef })
  | (Base & { action: 'validate' })
  | (Base & { action: 'preview' })
  | (Base & { action: 'changes' })
  | (Base & { action: 'stage' })
  | (Base & { action: 'drift' })
  | (Base & { action: 'drift-policy' })
  | (Base & { action: 'request-approval'; taskToken: string; executionArn?: string })
  /** After the approval task: its output (approved) or its error (rejected, or States.Timeout). */
  | (Base & { action: 'decided'; decision?: unknown; error?: string; cause?: string })
  | (Base & { action: 'delete-stage' })
  | (Base & { action: 'deploy-region'; wave: number })
  | (Base & { action: 'finish' })
  | (Base & { action: 'deploy-failed' })
  | (Base & { action: 'fail'; reason?: string })
  /** CodePipeline: the approval was rejected or timed out. */
  | (Base & { action: 'revert' })
  | (Base & { action: 'notify'; kind: NotificationKind; commit?: string; reason?: string; executionArn?: string; url?: string });

export type ActionName = ActionRequest['action'];

/** What a stage or region task answers: the state it reached (in-progress: out of time, call again). */
export type StepAnswer = { status: 'succeeded' | 'failed' | 'in-progress'; region?: string; reason?: string };
export type PackageResult = { commit: string; author: { name: string; email: string } };
