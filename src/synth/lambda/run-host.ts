// The AWS-native host of a run: the function builds the same RunContext the local engine does, over
// the S3 journal, with the execution's id as the run id and its regions reached through the plan's
// roles. Everything else — the stages, the records, the decisions — is src/pipeline's.
import { artifactBucketName, callerAccount, ensureArtifactBucket, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import { JOURNAL_VERSION, RunContext, sessionNameFor, type EngineDeps, type PipelineConfig } from '../../pipeline/index.js';
import type { CodeCommitPort } from './codecommit-source.js';
import { s3Journal } from './s3-journal.js';
import { checkout, type Checkout } from './source.js';
import type { SourceRef } from './requests.js';

export interface HostDeps {
  /** The function's cloud; its poll timeout is what is left of the invocation. */
  cloud: CloudDeps;
  config: PipelineConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** The function's home region (the source bucket's, the journal's). */
  home: string;
  /** Scratch space for unpacked sources (/tmp in Lambda). */
  scratch: string;
  codecommit?: CodeCommitPort;
  now: () => number;
  random: () => number;
  /** The function's log (CloudWatch Logs). */
  log: (line: string) => void;
}

export interface RunHost {
  ctx: RunContext;
  /** Where the journal lives: the home region's artifact bucket, through the home region's role. */
  home: { target: CloudTarget; bucket: string };
  journal: ReturnType<typeof s3Journal>;
  /** The commit's tree, unpacked (first use downloads it). */
  tree(): Promise<Checkout>;
}

/** Routes a region to the role the plan gives it (the config's `accounts` roles are the plan's too). */
function router(runId: string, roles: Record<string, string> | undefined, fallback: string | undefined): (t: CloudTarget) => CloudTarget {
  const sessionName = sessionNameFor(runId);
  return (t) => {
    if (t.roleArn) return t;
    const role = roles?.[t.region] || fallback;
    return role ? { ...t, roleArn: role, sessionName } : t;
  };
}

/** The run's context in this invocation. `source` is given on the first call (Package); later calls read it from the journal. */
export async function runHost(deps: HostDeps, req: { runId: string; roles?: Record<string, string>; roleArn?: string }, options: { source?: SourceRef; tree?: Checkout } = {}): Promise<RunHost> {
  const route = router(req.runId, req.roles, req.roleArn);
  const homeTarget = route({ region: deps.home });
  const bucket = artifactBucketName(deps.config.pipeline, await callerAccount(deps.cloud, homeTarget), deps.home);
  const journal = s3Journal({ cloud: deps.cloud, target: homeTarget, bucket, runId: req.runId, now: deps.now, log: deps.log });
  let tree: Promise<Checkout> | undefined = options.tree ? Promise.resolve(options.tree) : undefined;
  const treeOf = () =>
    (tree ??= (async () => {
      const source = options.source ?? ((await journal.run())?.data.source as SourceRef | undefined);
      if (!source) throw new Error(`run ${req.runId} has no source in its journal: Package has not run`);
      return checkout(deps.cloud, deps.home, deps.scratch, req.runId, source, deps.codecommit);
    })());
  const engine: EngineDeps = { cloud: deps.cloud, now: deps.now, random: deps.random, env: deps.env, sink: (_run, e) => journal.event(e.type, e as unknown as Record<string, unknown>), route, securityTables: false };
  // The function's copy of meridian.yaml is the only one it has: a NoEcho literal is read back from it (and checked by digest).
  const source = { tree: async () => (await treeOf()).dir, configAt: async () => deps.config };
  const journalOnly = { ...journal, event: () => {} };
  const ctx = new RunContext(req.runId, deps.config, journalOnly, source, engine);
  return { ctx, journal, tree: treeOf, home: { target: homeTarget, bucket } };
}

/** Makes the run's journal on its first call (Package), from the commit the source names. */
export async function openRun(host: RunHost, deps: HostDeps, source: SourceRef): Promise<void> {
  // The StackSet makes the bucket; Package makes sure of it, as the local engine does.
  await ensureArtifactBucket(deps.cloud, host.home.target, host.home.bucket);
  const t = await host.tree();
  await host.journal.create({
    id: host.ctx.runId,
    pipeline: deps.config.pipeline,
    status: 'running',
    commit: t.commit,
    ...(t.author.name ? { authorName: t.author.name } : {}),
    ...(t.author.email ? { authorEmail: t.author.email } : {}),
    data: { source, journalVersion: JOURNAL_VERSION },
  });
}
