// Facts the run page shows beside the run detail, read from the run's own meridian.yaml (the one of
// its commit, kept in the store): the rollout order, and where its commit can be seen on the web.
import { buildPlan, parseConfig, type PipelineConfig } from '../../pipeline/index.js';
import type { Store } from '../../store/index.js';

export interface WaveFact {
  wave: number;
  regions: string[];
  maxConcurrent: number;
  failureTolerance: number | string;
  /** Stacks in deploy order within a region (the same in every region of the pipeline). */
  stacks: string[];
}

export interface RunFacts {
  waves: WaveFact[];
  commitUrl?: string;
}

/**
 * The web page of a commit: `source.commitUrl` (`{sha}` is replaced), else one derived from a
 * `source.repo` on GitHub, GitLab, Bitbucket or any host laid out like GitHub (Gitea, Forgejo).
 */
export function commitLink(source: { repo?: string; commitUrl?: string }, sha: string): string | undefined {
  if (source.commitUrl) return source.commitUrl.replace('{sha}', sha);
  const repo = source.repo;
  if (!repo) return undefined;
  const ssh = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+?)(?:\.git)?\/?$/.exec(repo);
  const web = ssh ? `https://${ssh[1]}/${ssh[2]}` : /^https?:\/\//.test(repo) ? repo.replace(/\.git\/?$/, '').replace(/\/$/, '') : undefined;
  if (!web) return undefined;
  const host = new URL(web).hostname;
  if (host.includes('gitlab')) return `${web}/-/commit/${sha}`;
  if (host.includes('bitbucket')) return `${web}/commits/${sha}`;
  return `${web}/commit/${sha}`;
}

/** The facts for one run, or what can be had when its stored meridian.yaml does not parse. */
export function runFacts(store: Store, runId: string): RunFacts {
  const run = store.getRun(runId);
  if (!run || typeof run.data.configText !== 'string') return { waves: [] };
  let config: PipelineConfig;
  try {
    config = parseConfig(run.data.configText, 'meridian.yaml');
  } catch {
    return { waves: [] };
  }
  const plan = buildPlan(config);
  const waves = plan.waves.map((w) => ({
    wave: w.wave,
    regions: w.regions.map((r) => r.region),
    maxConcurrent: w.maxConcurrent,
    failureTolerance: w.toleranceSpec,
    stacks: [...(w.regions[0]?.stacks ?? [])].sort((a, b) => a.level - b.level).map((s) => s.stack),
  }));
  const url = commitLink(config.source, run.commit);
  return { waves, ...(url ? { commitUrl: url } : {}) };
}
