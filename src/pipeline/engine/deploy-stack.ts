// Applies one template to one stack through a change set, and re-attaches when resumed: the change
// set name and tokens come from the run and the step, so a second process finds the first one's work.
import { createChangeSet, executeChangeSet, type TemplateSource } from '../../cloud/index.js';
import type { StageName } from './events.js';
import { changeSetName, clientToken } from './ids.js';
import type { RunContext } from './run-context.js';

export interface DeployRequest {
  stage: StageName;
  region: string;
  /** The configured stack (for events) and the CloudFormation stack name. */
  stack: string;
  stackName: string;
  template: TemplateSource;
  parameters: Record<string, string>;
  capabilities: string[];
  tags: Record<string, string>;
  /** Distinguishes change sets of one run (deploy, stage, revert...). */
  purpose: string;
  stepKey: string;
}

export type DeployOutcome =
  | { kind: 'no-changes'; stackName: string }
  | { kind: 'deployed'; stackName: string; status: string; changes: number }
  | { kind: 'failed'; stackName: string; status: string; reason: string; failures: { logicalId: string; resourceType: string; status: string; reason?: string }[] };

/** Creates and executes a change set; "no changes" is an outcome, not an error. */
export async function deployStack(ctx: RunContext, req: DeployRequest): Promise<DeployOutcome> {
  const target = { region: req.region };
  const name = changeSetName(ctx.runId, `${req.purpose}-${req.stackName}`, req.region);
  const created = await createChangeSet(ctx.deps.cloud, target, {
    stackName: req.stackName,
    template: req.template,
    parameters: req.parameters,
    capabilities: req.capabilities,
    tags: { ...req.tags, 'meridian:pipeline': ctx.config.pipeline },
    changeSetName: name,
    clientToken: clientToken(ctx.runId, req.stepKey, 'cs'),
    description: `Meridian run ${ctx.runId}`,
  });
  if (created.kind === 'no-changes') return { kind: 'no-changes', stackName: req.stackName };
  const result = await executeChangeSet(ctx.deps.cloud, target, {
    stackName: req.stackName,
    // Not `name`: a change set AWS could not plan with nested change sets was made again without them, under another name.
    changeSetName: created.changeSetName,
    clientToken: clientToken(ctx.runId, req.stepKey, 'exec'),
    executionStatus: created.executionStatus,
    onEvent: (e) =>
      ctx.emit({ type: 'resource', stage: req.stage, region: req.region, stack: req.stack, logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }),
  });
  if (result.kind === 'failed') {
    return {
      kind: 'failed',
      stackName: req.stackName,
      status: result.status,
      reason: result.reason,
      failures: result.failures.map((f) => ({ logicalId: f.logicalId, resourceType: f.resourceType, status: f.status, ...(f.reason ? { reason: f.reason } : {}) })),
    };
  }
  return { kind: 'deployed', stackName: req.stackName, status: result.status, changes: created.changes.length };
}
