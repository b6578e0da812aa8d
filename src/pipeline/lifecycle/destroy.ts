// `meridian destroy` on the local host: plans the deletion against meridian.yaml at the branch head,
// refuses what must not be deleted, records a destroy run (it holds the pipeline's lock like any
// run, so nothing deploys underneath) and steps it: it waits for approval when meridian.yaml
// requires one, else it needs the caller's explicit confirmation (--yes).
import { parseConfig } from '../config/load-config.js';
import type { PipelineConfig } from '../config/schema.js';
import { continueRun, RunRefused, type PipelineDeps } from '../engine/commands.js';
import { makeRunId } from '../engine/ids.js';
import { admitCommit, CONFIG_FILE } from '../engine/run-admission.js';
import type { RunOutcome } from '../engine/run-pipeline.js';
import { currentTarget } from '../engine/run-target.js';
import { JOURNAL_VERSION } from '../engine/step-keys.js';
import { runCloud } from '../rollout/run-cloud.js';
import { readFileAtCommit, resolveCommit } from '../source/index.js';
import { DestroyRefused, planDestroy, type DestroyPlan } from './destroy-plan.js';
import type { DestroyRunData } from './destroy-run.js';
import { pastRegions } from './preview-commit.js';

export interface DestroyOptions {
  repo: string;
  /** The commit whose meridian.yaml says what is configured (the CLI passes the branch head). */
  ref: string;
  stacks: string[];
  region?: string;
  /** Who asks (the run's author: they may not approve their own request unless allowSelfApproval). */
  by: string;
  /** The caller confirmed (--yes); needed when no approval is required. */
  confirmed: boolean;
}

export type DestroyOutcome =
  | { kind: 'needs-confirmation'; plan: DestroyPlan }
  | ({ kind: 'run'; runId: string; plan: DestroyPlan } & RunOutcome);

const lockName = (pipeline: string) => `pipeline:${pipeline}`;

/** meridian.yaml of earlier runs, newest first (where the dependsOn of a removed stack is still written). */
function earlierConfigs(deps: PipelineDeps, pipeline: string): PipelineConfig[] {
  const out: PipelineConfig[] = [];
  for (const run of deps.store.listRuns({ pipeline, limit: 50 })) {
    try {
      out.push(parseConfig(String(run.data.configText ?? ''), `${run.commit.slice(0, 12)}:${CONFIG_FILE}`));
    } catch {
      // An earlier config that no longer parses says nothing about order.
    }
  }
  return out;
}

/** Plans, then records and steps a destroy run; refusals (DestroyRefused, RunRefused) come before anything is recorded. */
export async function requestDestroy(deps: PipelineDeps, options: DestroyOptions): Promise<DestroyOutcome> {
  const commit = await resolveCommit(options.repo, options.ref);
  const configText = await readFileAtCommit(options.repo, commit.sha, CONFIG_FILE);
  const config = await admitCommit(options.repo, commit.sha, configText);
  const runId = makeRunId(deps.now(), deps.random);
  const plan = await planDestroy(runCloud(deps.cloud, config, runId), config, {
    stacks: options.stacks,
    ...(options.region ? { region: options.region } : {}),
    pastRegions: pastRegions(deps, config.pipeline),
    earlierConfigs: earlierConfigs(deps, config.pipeline),
  });
  if (!config.approval.required && !options.confirmed) return { kind: 'needs-confirmation', plan };
  const target = await currentTarget(deps.target ?? (deps.endpoint ? { cloud: 'endpoint', endpoint: deps.endpoint } : { cloud: 'aws' }), deps.cloud, config);
  const { store } = deps;
  const lock = lockName(config.pipeline);
  const names = plan.targets.map((t) => `${t.stack}@${t.region}`).join(', ');
  const data: DestroyRunData = { kind: 'destroy', requestedBy: options.by, targets: plan.targets };
  store.transaction(() => {
    const holder = store.lockOwner(lock);
    const held = holder ? store.getRun(holder) : undefined;
    if (held && (held.status === 'running' || held.status === 'awaiting-approval')) {
      throw new RunRefused('RUN_IN_PROGRESS', `run ${held.id} of pipeline ${config.pipeline} is in progress; destroy once it has ended (or \`meridian cancel ${held.id}\`)`);
    }
    if (holder) store.releaseLock(lock, holder);
    store.createRun({
      id: runId,
      pipeline: config.pipeline,
      status: 'running',
      commit: commit.sha,
      ...(commit.branch ? { branch: commit.branch } : {}),
      authorName: options.by,
      authorEmail: options.by,
      message: `destroy ${names}`,
      data: { ...data, repo: options.repo, configText, regions: [...new Set(plan.targets.map((t) => t.region))], stacks: [...new Set(plan.targets.map((t) => t.stack))], target, journalVersion: JOURNAL_VERSION },
    });
    if (!store.acquireLock(lock, runId)) throw new RunRefused('RUN_IN_PROGRESS', `pipeline ${config.pipeline} is locked by another run`);
    store.appendAudit({ actor: options.by, action: 'destroy-request', target: names, outcome: config.approval.required ? 'awaiting-approval' : 'confirmed', data: { runId } });
  });
  return { kind: 'run', plan, ...(await continueRun(deps, runId)) };
}

export { DestroyRefused };
