// The requests the state machine sends to the regional Lambda function, and what it answers.
// They travel as JSON in the execution's state, so they stay small: templates go by URL, never by body.
import type { NotificationKind } from '../../pipeline/index.js';

/** One packaged template in one region's artifact bucket (as the Package stage records it). */
export interface RegionArtifact {
  stack: string;
  region: string;
  url: string;
  sha256: string;
  /** Parameter names the template declares (others in meridian.yaml are left out). */
  parameters: string[];
}

/** A stack deployment in progress when the function ran out of time: the next call re-attaches. */
export interface DeployCursor {
  done: StackResult[];
  executing?: { stack: string; stackName: string };
}

export type StackResult =
  | { stack: string; kind: 'no-changes' }
  | { stack: string; kind: 'deployed'; status: string; changes: number }
  | { stack: string; kind: 'failed'; status: string; reason: string };

interface Base {
  /** The execution name: derives change set names and tokens, as the local engine's run id does. */
  runId: string;
  region: string;
  /** A role to assume in the target account; absent = the function's own role. */
  roleArn?: string;
}

/** Where the commit's tree comes from (see source.ts). */
export type SourceRef = { kind: 's3'; bucket: string; key: string; versionId?: string } | { kind: 'codecommit'; repository: string; commit: string };

export type ActionRequest =
  | (Base & { action: 'package'; source: SourceRef; targets: { region: string; roleArn?: string }[] })
  | (Base & { action: 'validate'; source: SourceRef })
  | (Base & { action: 'preview'; artifacts: RegionArtifact[] })
  | (Base & { action: 'deploy-region'; variant: 'stage' | 'production'; artifacts: RegionArtifact[]; cursor?: DeployCursor })
  | (Base & { action: 'drift' })
  /** onlyIfDeployed (default true): skip a region this run did not deploy successfully (CodePipeline deploys natively and passes false). */
  | (Base & { action: 'record'; commit: string; artifacts: RegionArtifact[]; onlyIfDeployed?: boolean })
  | (Base & { action: 'revert' })
  | (Base & { action: 'rollback' })
  | (Base & { action: 'delete-stage' })
  | (Base & { action: 'request-approval'; taskToken: string; commit: string; author?: { name?: string; email?: string }; executionArn?: string })
  | (Base & { action: 'notify'; kind: NotificationKind; commit?: string; reason?: string; executionArn?: string; url?: string });

export type ActionName = ActionRequest['action'];

export type PreviewResult = { region: string; changed: boolean; stacks: { stack: string; kind: 'no-changes' | 'changes' | 'pending'; changes: number }[] };
export type DeployRegionResult =
  | { region: string; status: 'in-progress'; cursor: DeployCursor }
  | { region: string; status: 'succeeded' | 'failed'; stacks: StackResult[] };
export type DriftResult = { region: string; drifted: boolean; stacks: { stack: string; status: string; drifted: string[]; notChecked: string[] }[] };
export type PackageResult = { artifacts: RegionArtifact[]; commit: string; author: { name: string; email: string } };
export type RevertResult = { region: string; how: 'deleted' | 'reverted' };
