// The journal port: where one run's durable state lives. The local host (CLI, server) keeps it in
// SQLite (sqlite-journal.ts); the AWS-native host keeps it in S3 beside the execution (src/synth).
// The stages see only this, so both hosts step a run with the same code and leave the same record.
import type { ApprovalRecord, RunRecord, RunStatus, StepRecord, StepStatus } from '../../store/index.js';
import type { StepKey } from './step-keys.js';

export type { StepStatus };

/** A step as the stages write it (the run is the journal's own). */
export interface StepWrite {
  key: StepKey;
  stage: string;
  region?: string;
  stack?: string;
  status: StepStatus;
  attempt?: number;
  /** Merged into what the step already holds. */
  data?: Record<string, unknown>;
}

export interface RunJournal {
  readonly runId: string;
  run(): Promise<RunRecord | undefined>;
  setStatus(status: RunStatus, finished?: boolean): Promise<void>;
  mergeData(data: Record<string, unknown>): Promise<void>;
  getStep(key: StepKey): Promise<StepRecord | undefined>;
  putStep(step: StepWrite): Promise<void>;
  /** Appends to the run's event journal (ordered; a host may buffer until flush). */
  event(type: string, data: Record<string, unknown>): void;
  approval(): Promise<ApprovalRecord | undefined>;
  recordApproval(a: Omit<ApprovalRecord, 'runId'>): Promise<void>;
  /**
   * Throws when this process may no longer step the run: its lease was lost or taken, or a cancel
   * was asked for. Called before every step that touches the cloud.
   */
  assertOwner(): Promise<void>;
  /** Written once the run's last approved records change (the local host mirrors them for views). */
  noteApproved?(rec: { stack: string; region: string; account: string; variant: string; data: Record<string, unknown> }): void;
  /** Makes buffered writes durable. */
  flush(): Promise<void>;
  /** Regions earlier runs of this pipeline deployed to (a region taken out of meridian.yaml is only known from them). */
  pastRegions?(): Promise<string[]>;
  /** Appends to the audit journal (who did what to which target); hosts without one leave it out. */
  audit?(entry: { actor: string; action: string; target?: string; outcome: string; data?: Record<string, unknown> }): void;
}

/** This process may not step the run (another owns it, or it was cancelled): a user-visible refusal. */
export class OwnershipLost extends Error {
  readonly source = 'user' as const;
  constructor(
    readonly code: 'RUN_LEASE_LOST' | 'RUN_CANCELLED',
    message: string,
  ) {
    super(message);
    this.name = 'OwnershipLost';
  }
}
