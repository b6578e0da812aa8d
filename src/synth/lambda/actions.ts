// The regional function's actions: what the state machine cannot do itself because Step Functions'
// SDK integrations stay in their own region. Each action is one region's work, through src/cloud.
import { createChangeSet, deleteStack, describeStack, detectDrift, discardChangeSet, getParameter, putParameter, type CloudTarget } from '../../cloud/index.js';
import { allRegions, lastApprovedParameter, resolveParameterValues, stackNameFor, stackOrder } from '../../pipeline/index.js';
import { requestApproval, type ApprovalPorts } from './approval.js';
import { deployRegion, type RegionDeps } from './deploy-region.js';
import { changeSetName, clientToken } from './ids.js';
import type { ActionRequest, DriftResult, PackageResult, PreviewResult, RegionArtifact, RevertResult } from './requests.js';
import type { CodeCommitPort } from './codecommit-source.js';
import { fetchPost, notify, type WebhookPost } from './notify.js';
import { checkout, packageAll, validateAll } from './source.js';

export interface ActionDeps extends RegionDeps {
  approval: ApprovalPorts;
  /** The function's home region (where the source bucket is). */
  home: string;
  /** Scratch space for unpacked sources (/tmp in Lambda). */
  scratch: string;
  /** Reads CodeCommit sources; absent = S3 sources only. */
  codecommit?: CodeCommitPort;
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

const targetOf = (req: { region: string; roleArn?: string }): CloudTarget => ({ region: req.region, ...(req.roleArn ? { roleArn: req.roleArn } : {}) });

/** Runs one action; the result is the Task state's output. */
export async function runAction(deps: ActionDeps, req: ActionRequest): Promise<unknown> {
  if (!req || typeof req.region !== 'string' || typeof req.runId !== 'string') throw new BadRequest('a request needs action, runId and region');
  switch (req.action) {
    case 'package': {
      const tree = await checkout(deps.cloud, deps.home, deps.scratch, req.runId, req.source, deps.codecommit);
      const targets = (req.targets ?? [{ region: req.region }]).map(targetOf);
      // Template texts stay out of the execution's state (256 KB): the functions deploy by URL.
      const artifacts = (await packageAll(deps.cloud, deps.config, tree, targets)).map(({ body: _body, ...a }) => a);
      const result: PackageResult = { artifacts, commit: tree.commit, author: tree.author };
      return result;
    }
    case 'validate': {
      const tree = await checkout(deps.cloud, deps.home, deps.scratch, `${req.runId}-validate`, req.source, deps.codecommit);
      const failing = await validateAll(deps.config, tree, allRegions(deps.config));
      if (failing.length > 0) throw new ValidationFailed(`validation failed (failOn ${deps.config.validation.failOn}):\n${failing.slice(0, 20).join('\n')}`);
      return { findings: 0 };
    }
    case 'preview':
      return preview(deps, req.runId, targetOf(req), req.artifacts);
    case 'deploy-region': {
      if (req.variant !== 'stage' && req.variant !== 'production') throw new BadRequest(`deploy-region needs variant stage or production, not ${String(req.variant)}`);
      const result = await deployRegion(deps, req);
      if (req.variant === 'production' && result.status !== 'in-progress') {
        await putParameter(deps.cloud, targetOf(req), lastDeployParameter(deps.config.pipeline), JSON.stringify({ runId: req.runId, status: result.status }), 'Outcome of the last Meridian deployment in this region');
      }
      return result;
    }
    case 'drift':
      return drift(deps, targetOf(req));
    case 'record':
      return record(deps, req.runId, targetOf(req), req.commit, req.artifacts, req.onlyIfDeployed ?? true);
    case 'revert':
      return revert(deps, req.runId, targetOf(req));
    case 'rollback':
      return { region: req.region, how: await restoreApproved(deps, `${req.runId}-rollback`, targetOf(req), 'production') };
    case 'delete-stage':
      await deleteStageStacks(deps, req.runId, targetOf(req), 'stage');
      return { region: req.region, deleted: true };
    case 'request-approval': {
      const requested = await requestApproval(deps.config, deps.approval, req);
      // Webhooks hear of it too; their failure never holds up the approval.
      await notify(deps.config, deps.post ?? fetchPost, { kind: 'approval', runId: req.runId, region: req.region, commit: req.commit, ...(req.executionArn ? { executionArn: req.executionArn } : {}) });
      return requested;
    }
    case 'notify':
      return notify(deps.config, deps.post ?? fetchPost, req);
    default:
      throw new BadRequest(`unknown action ${(req as { action?: unknown }).action as string}`);
  }
}

async function preview(deps: RegionDeps, runId: string, target: CloudTarget, artifacts: RegionArtifact[]): Promise<PreviewResult> {
  const stacks: PreviewResult['stacks'] = [];
  for (const stack of stackOrder(deps.config, target.region)) {
    const artifact = artifacts.find((a) => a.stack === stack.name && a.region === target.region);
    if (!artifact) throw new BadRequest(`no packaged artifact for ${stack.name} in ${target.region}`);
    const params = await resolveParameterValues({ ...deps, ...(target.roleArn ? { roleArn: target.roleArn } : {}) }, stack, target.region, 'production', new Set(artifact.parameters));
    if (params.kind !== 'resolved') {
      // An output of a stack not deployed yet: that stack is new, so this one changes too.
      stacks.push({ stack: stack.name, kind: 'pending', changes: 0 });
      continue;
    }
    const name = changeSetName(runId, `preview-${stack.name}`, target.region);
    const created = await createChangeSet(deps.cloud, target, {
      stackName: stack.name,
      template: { url: artifact.url },
      parameters: params.values,
      capabilities: stack.capabilities,
      tags: { ...stack.tags, 'meridian:pipeline': deps.config.pipeline },
      changeSetName: name,
      clientToken: clientToken(runId, `preview:${target.region}:${stack.name}`, 'cs'),
      description: `Meridian run ${runId} (preview)`,
    });
    if (created.kind === 'no-changes') {
      stacks.push({ stack: stack.name, kind: 'no-changes', changes: 0 });
      continue;
    }
    // A preview leaves nothing behind: the change set goes, and the stack a CREATE change set made.
    await discardChangeSet(deps.cloud, target, stack.name, name, created.type === 'CREATE');
    stacks.push({ stack: stack.name, kind: 'changes', changes: created.changes.length });
  }
  return { region: target.region, changed: stacks.some((s) => s.kind !== 'no-changes'), stacks };
}

async function drift(deps: RegionDeps, target: CloudTarget): Promise<DriftResult> {
  const stacks: DriftResult['stacks'] = [];
  for (const stack of stackOrder(deps.config, target.region)) {
    const existing = await describeStack(deps.cloud, target, stack.name);
    if (!existing || existing.status === 'REVIEW_IN_PROGRESS') continue;
    const report = await detectDrift(deps.cloud, target, stack.name);
    stacks.push({ stack: stack.name, status: report.status, drifted: report.drifted.map((d) => d.logicalId), notChecked: report.notChecked.map((d) => d.logicalId) });
  }
  return { region: target.region, drifted: stacks.some((s) => s.drifted.length > 0), stacks };
}

/** Where the production deployment of a region leaves its outcome, so Record can tell a region that failed within tolerance. */
export const lastDeployParameter = (pipeline: string) => `/meridian/${pipeline}/last-deploy`;

async function record(deps: RegionDeps, runId: string, target: CloudTarget, commit: string, artifacts: RegionArtifact[], onlyIfDeployed: boolean): Promise<{ region: string; recorded: string[]; skipped?: string }> {
  // As in the local engine: a region that failed within the wave's tolerance keeps its last approved artifact.
  const last = onlyIfDeployed ? (JSON.parse((await getParameter(deps.cloud, target, lastDeployParameter(deps.config.pipeline))) ?? '{}') as { runId?: string; status?: string }) : {};
  if (onlyIfDeployed && (last.runId !== runId || last.status !== 'succeeded')) return { region: target.region, recorded: [], skipped: 'this run did not deploy the region successfully' };
  const recorded: string[] = [];
  for (const stack of stackOrder(deps.config, target.region)) {
    const a = artifacts.find((x) => x.stack === stack.name && x.region === target.region);
    if (!a) throw new BadRequest(`no packaged artifact for ${stack.name} in ${target.region}`);
    // The same record the local engine writes, so either engine can revert to the other's approval.
    const data = { runId, commit, url: a.url, sha256: a.sha256, useUrl: true, parameters: a.parameters };
    await putParameter(deps.cloud, target, lastApprovedParameter(deps.config.pipeline, stack.name), JSON.stringify(data), 'Last approved Meridian artifact');
    recorded.push(stack.name);
  }
  return { region: target.region, recorded };
}

/** Deletes the stage stacks of the primary region, dependents first. */
async function deleteStageStacks(deps: RegionDeps, runId: string, target: CloudTarget, purpose: string, only?: ReadonlySet<string>): Promise<void> {
  for (const stack of [...stackOrder(deps.config, target.region)].reverse()) {
    if (only && !only.has(stack.name)) continue;
    const name = stackNameFor(deps.config, stack.name, 'stage');
    const result = await deleteStack(deps.cloud, target, name, { clientToken: clientToken(runId, `${purpose}:delete:${target.region}:${stack.name}`, 'delete') });
    if (result.kind === 'failed') throw new Error(`could not delete stage stack ${name}: ${result.reason}`);
  }
}

/** After a rejection: stage stacks back to the last approved artifact, or deleted (stage.retain false, or never approved). */
async function revert(deps: RegionDeps, runId: string, target: CloudTarget): Promise<RevertResult> {
  if (!deps.config.stage.retain) {
    await deleteStageStacks(deps, runId, target, 'revert');
    return { region: target.region, how: 'deleted' };
  }
  return { region: target.region, how: await restoreApproved(deps, `${runId}-revert`, target, 'stage') };
}

/**
 * Puts the stacks of one region back to their last approved artifact (the SSM record); stacks with
 * none (created by this run) are deleted, dependents first. Revert does it to the stage stacks,
 * `rollout.onFailure: rollback` to the production stacks of the regions a failed rollout touched.
 */
async function restoreApproved(deps: RegionDeps, runId: string, target: CloudTarget, variant: 'stage' | 'production'): Promise<'deleted' | 'reverted'> {
  const stacks = stackOrder(deps.config, target.region);
  const approved: RegionArtifact[] = [];
  for (const stack of stacks) {
    const text = await getParameter(deps.cloud, target, lastApprovedParameter(deps.config.pipeline, stack.name));
    if (!text) continue;
    const d = JSON.parse(text) as { url?: string; sha256?: string; parameters?: string[] };
    if (d.url) approved.push({ stack: stack.name, region: target.region, url: d.url, sha256: d.sha256 ?? '', parameters: d.parameters ?? [] });
  }
  const never = new Set(stacks.filter((s) => !approved.some((a) => a.stack === s.name)).map((s) => s.name));
  for (const stack of [...stacks].reverse()) {
    if (!never.has(stack.name)) continue;
    const name = stackNameFor(deps.config, stack.name, variant);
    const result = await deleteStack(deps.cloud, target, name, { clientToken: clientToken(runId, `restore:delete:${target.region}:${name}`, 'delete') });
    if (result.kind === 'failed') throw new Error(`could not delete ${name} in ${target.region}: ${result.reason}`);
  }
  if (never.size === stacks.length) return 'deleted';
  const config = { ...deps.config, stacks: deps.config.stacks.filter((s) => !never.has(s.name)) };
  const result = await deployRegion({ ...deps, config }, { runId, region: target.region, ...(target.roleArn ? { roleArn: target.roleArn } : {}), variant, artifacts: approved });
  if (result.status !== 'succeeded') throw new Error(`putting the ${variant} stacks back to their approved artifacts failed in ${target.region}`);
  return 'reverted';
}
