// The pipeline config the server works from: meridian.yaml at the head of the watched branch,
// re-read before every check, and the secrets it names (added to the scrubber as they appear).
import { CONFIG_FILE, parseConfig, readFileAtCommit, type PipelineConfig } from '../pipeline/index.js';
import type { Store } from '../store/index.js';
import { addConfigSecrets, type SecretSet } from './secrets.js';

export class WatchedConfig {
  private current: PipelineConfig | undefined;
  private watched: string;

  constructor(
    private readonly repo: string,
    /** A fixed branch (`--branch`); else `source.branch` of the config. */
    private readonly fixedBranch: string | undefined,
    private readonly secrets: SecretSet,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {
    this.watched = fixedBranch ?? 'main';
  }

  get config(): PipelineConfig | undefined {
    return this.current;
  }

  get branch(): string {
    return this.watched;
  }

  /** Re-reads meridian.yaml. The first read (at HEAD) names the branch; later reads follow that branch. */
  async refresh(): Promise<void> {
    if (!this.fixedBranch && !this.current) this.watched = parseConfig(await readFileAtCommit(this.repo, 'HEAD', CONFIG_FILE), `HEAD:${CONFIG_FILE}`).source.branch;
    const next = parseConfig(await readFileAtCommit(this.repo, this.watched, CONFIG_FILE), `${this.watched}:${CONFIG_FILE}`);
    this.current = next;
    if (!this.fixedBranch) this.watched = next.source.branch;
    const at = this.watched;
    await addConfigSecrets(this.secrets, next, this.env, (path) => readFileAtCommit(this.repo, at, path).catch(() => undefined));
  }

  /** Adds the secrets of runs still open: they may come from older commits' configs. */
  async addOpenRunSecrets(store: Store): Promise<void> {
    for (const run of store.listRuns({ status: ['running', 'awaiting-approval'], limit: 100 })) {
      try {
        const c = parseConfig(String(run.data.configText ?? ''), CONFIG_FILE);
        await addConfigSecrets(this.secrets, c, this.env, (path) => readFileAtCommit(this.repo, run.commit, path).catch(() => undefined));
      } catch {
        // A run with an unreadable config fails on its own when resumed.
      }
    }
  }
}
