// `meridian preview`: Source -> Package -> Validate -> Preview against the production stacks, with
// the run's own stage code, and nothing after it: no stage stack, no drift check, no approval, no
// deploy. Preview change sets are deleted (with the empty stack a new stack's change set makes).
// No run is recorded: a preview changes nothing, so it has nothing to resume, approve, supersede or
// lock, and it may be taken while a run of the same pipeline is in progress.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../store/index.js';
import { checkoutTree, readFileAtCommit, resolveCommit } from '../source/index.js';
import type { PipelineDeps, StartRunOptions } from '../engine/commands.js';
import { makeRunId } from '../engine/ids.js';
import { memoryJournal } from '../engine/memory-journal.js';
import { admitCommit, CONFIG_FILE } from '../engine/run-admission.js';
import { RunContext } from '../engine/run-context.js';
import { parseConfig } from '../config/load-config.js';
import { allRegions } from '../engine/stack-order.js';
import { checkValueReads } from '../rollout/check-values.js';
import { packageStage } from '../stages/package.js';
import { previewStage, type StackPreview } from '../stages/preview.js';
import { validateStage, type ValidateResult } from '../stages/validate.js';
import { orphanStage } from './orphan-step.js';
import type { Orphan } from './orphans.js';

export interface PreviewReport {
  /** The id the preview's change sets are named after (no run of that id is recorded). */
  previewId: string;
  pipeline: string;
  commit: { sha: string; branch?: string; author: string; message: string };
  /** `changes`: something would change in some region (exit 5 with --fail-on-changes). */
  status: 'changes' | 'no-changes';
  validation: ValidateResult;
  stacks: StackPreview[];
  orphans: Orphan[];
  /** Why orphans could not be looked for. */
  orphanError?: string;
}

/** Regions earlier recorded runs of `pipeline` deployed to. */
export function pastRegions(deps: Pick<PipelineDeps, 'store'>, pipeline: string): string[] {
  const runs = deps.store.listRuns({ pipeline, limit: 1000 });
  return [...new Set(runs.flatMap((r) => (Array.isArray(r.data.regions) ? r.data.regions.filter((x): x is string => typeof x === 'string') : [])))];
}

/** Previews the commit `ref` names against production; the stages' events go to `deps.sink`. */
export async function previewCommit(deps: PipelineDeps, options: StartRunOptions): Promise<PreviewReport> {
  const commit = await resolveCommit(options.repo, options.ref);
  const configText = await readFileAtCommit(options.repo, commit.sha, CONFIG_FILE);
  const config = await admitCommit(options.repo, commit.sha, configText);
  const previewId = makeRunId(deps.now(), deps.random);
  const iso = () => new Date(deps.now()).toISOString();
  const run: RunRecord = {
    id: previewId, pipeline: config.pipeline, status: 'running', commit: commit.sha, createdAt: iso(), updatedAt: iso(),
    authorName: commit.authorName, authorEmail: commit.authorEmail, message: commit.message,
    data: { repo: options.repo, regions: allRegions(config), preview: true },
  };
  const journal = { ...memoryJournal(run, iso), pastRegions: async () => pastRegions(deps, config.pipeline) };
  const rootDir = join(deps.workDir, `preview-${previewId}`);
  let tree: Promise<string> | undefined;
  const source = {
    tree: () => (tree ??= checkoutTree(options.repo, commit.sha, rootDir).then(() => rootDir)),
    configAt: (sha: string) => readFileAtCommit(options.repo, sha, CONFIG_FILE).then((text) => parseConfig(text, `${sha.slice(0, 12)}:${CONFIG_FILE}`)).catch(() => undefined),
  };
  const ctx = new RunContext(previewId, config, journal, source, {
    cloud: deps.cloud, now: deps.now, random: deps.random, sink: deps.sink, env: deps.env, ...(deps.endpoint ? { endpoint: deps.endpoint } : {}),
  });
  try {
    ctx.emit({ type: 'stage-finished', stage: 'source', outcome: 'succeeded', summary: `${commit.sha.slice(0, 12)} by ${commit.authorName} <${commit.authorEmail}>: ${commit.message.split('\n')[0]}` });
    const artifacts = await packageStage(ctx);
    checkValueReads(ctx, artifacts);
    const validation = await validateStage(ctx);
    const preview = await previewStage(ctx, artifacts);
    const scan = await orphanStage(ctx);
    return {
      previewId,
      pipeline: config.pipeline,
      commit: { sha: commit.sha, ...(commit.branch ? { branch: commit.branch } : {}), author: `${commit.authorName} <${commit.authorEmail}>`, message: commit.message.split('\n')[0] ?? '' },
      status: preview.anyChanges ? 'changes' : 'no-changes',
      validation,
      stacks: preview.stacks,
      orphans: scan.orphans,
      ...(scan.error ? { orphanError: scan.error } : {}),
    };
  } finally {
    rmSync(rootDir, { recursive: true, force: true });
  }
}
