// Deploys the configured stacks of one region in dependency order through change sets, with the
// cloud adapter the local engine uses. A Lambda invocation lasts at most 15 minutes and a stack
// update can last longer, so when the time budget runs out the answer is 'in-progress' with a cursor:
// the state machine calls again and the next invocation re-attaches to the running operation.
import { CloudError, createChangeSet, executeChangeSet, waitForStack, type CloudDeps, type CloudTarget, type StackOperationResult } from '../../cloud/index.js';
import { stackOrder, type PipelineConfig } from '../../pipeline/index.js';
import { changeSetName, clientToken } from './ids.js';
import { resolveParameterValues, stackNameFor } from '../../pipeline/index.js';
import type { DeployCursor, DeployRegionResult, RegionArtifact, StackResult } from './requests.js';

export interface RegionDeps {
  cloud: CloudDeps;
  config: PipelineConfig;
  env: Readonly<Record<string, string | undefined>>;
}

export interface DeployRegionRequest {
  runId: string;
  region: string;
  roleArn?: string;
  variant: 'stage' | 'production';
  artifacts: RegionArtifact[];
  cursor?: DeployCursor;
}

const timedOut = (err: unknown) => err instanceof CloudError && err.code === 'TIMEOUT';

function resultOf(stack: string, op: StackOperationResult, changes: number): StackResult {
  return op.kind === 'failed' ? { stack, kind: 'failed', status: op.status, reason: op.reason } : { stack, kind: 'deployed', status: op.status, changes };
}

/** Deploys (or goes on deploying) one region; never throws for a failed stack, only for the unexpected. */
export async function deployRegion(deps: RegionDeps, req: DeployRegionRequest): Promise<DeployRegionResult> {
  const target: CloudTarget = { region: req.region, ...(req.roleArn ? { roleArn: req.roleArn } : {}) };
  const done: StackResult[] = [...(req.cursor?.done ?? [])];
  const finished = new Set(done.map((d) => d.stack));
  const inProgress = (executing?: DeployCursor['executing']): DeployRegionResult => ({ region: req.region, status: 'in-progress', cursor: { done, ...(executing ? { executing } : {}) } });
  const purpose = req.variant === 'stage' ? 'stage' : 'deploy';
  for (const stack of stackOrder(deps.config, req.region)) {
    if (finished.has(stack.name)) continue;
    const stackName = stackNameFor(deps.config, stack.name, req.variant);
    try {
      if (req.cursor?.executing?.stack === stack.name) {
        // Re-attach: the change set was executed by an earlier invocation.
        done.push(resultOf(stack.name, await waitForStack(deps.cloud, target, stackName), 0));
      } else {
        const artifact = req.artifacts.find((a) => a.stack === stack.name && a.region === req.region);
        if (!artifact) throw new CloudError('NO_ARTIFACT', `no packaged artifact for ${stack.name} in ${req.region}`);
        const params = await resolveParameterValues({ ...deps, ...(req.roleArn ? { roleArn: req.roleArn } : {}) }, stack, req.region, req.variant, new Set(artifact.parameters));
        if (params.kind !== 'resolved') {
          const reason = params.kind === 'missing' ? params.message : `stack ${params.stack} in ${params.region} has no output ${params.output} yet`;
          done.push({ stack: stack.name, kind: 'failed', status: 'PARAMETERS', reason });
          break;
        }
        const stepKey = `${purpose}:${req.region}:${stack.name}`;
        const name = changeSetName(req.runId, `${purpose}-${stackName}`, req.region);
        const created = await createChangeSet(deps.cloud, target, {
          stackName,
          template: { url: artifact.url },
          parameters: params.values,
          capabilities: stack.capabilities,
          tags: { ...stack.tags, 'meridian:pipeline': deps.config.pipeline },
          changeSetName: name,
          clientToken: clientToken(req.runId, stepKey, 'cs'),
          description: `Meridian run ${req.runId}`,
        });
        if (created.kind === 'no-changes') {
          done.push({ stack: stack.name, kind: 'no-changes' });
          continue;
        }
        try {
          const op = await executeChangeSet(deps.cloud, target, { stackName, changeSetName: name, clientToken: clientToken(req.runId, stepKey, 'exec'), executionStatus: created.executionStatus });
          done.push(resultOf(stack.name, op, created.changes.length));
        } catch (err) {
          if (timedOut(err)) return inProgress({ stack: stack.name, stackName });
          throw err;
        }
      }
    } catch (err) {
      // Out of time before the change set ran: the next call starts this stack again (idempotent by name and token).
      if (timedOut(err)) return inProgress(req.cursor?.executing?.stack === stack.name ? req.cursor.executing : undefined);
      throw err;
    }
    if (done[done.length - 1]?.kind === 'failed') break;
  }
  const failed = done.some((d) => d.kind === 'failed');
  return { region: req.region, status: failed ? 'failed' : 'succeeded', stacks: done };
}
