// `meridian run | status | runs | approve | reject | resume`: the pipeline from the terminal.
import type { Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';
import { approverIdentity, configFile, openSession, type PipelineSession, type SessionOptions } from '../pipeline-session.js';
import { outputLines, outputsOf, uncommittedEdits, uncommittedWarning } from '../run-report.js';
import { sayCodeOnce } from '../error-report.js';
import { createPrinter } from '../progress-printer.js';
import { withLiveBoard } from '../live-board.js';

/** The exit code for a run's status (README "Exit codes"). */
export function exitCodeFor(status: string): number {
  switch (status) {
    case 'succeeded':
    case 'no-changes':
      return EXIT.ok;
    case 'awaiting-approval':
      return EXIT.awaitingApproval;
    case 'rejected':
    case 'rolled-back':
    case 'superseded':
    case 'cancelled':
      return EXIT.rejected;
    default:
      return EXIT.failed;
  }
}

export interface CommonFlags extends SessionOptions {
  json?: boolean;
  verbose?: boolean;
}

export const withCommon = (cmd: Command) =>
  cmd
    .option('--repo <dir>', 'the git repository holding meridian.yaml', '.')
    .option('--state <dir>', 'state directory (default: <repo>/.meridian)')
    .option('--cloud <target>', 'aws | local | an endpoint URL (default: meridian.yaml cloud:, else aws)')
    .option('--endpoint <url>', 'AWS endpoint override (LocalStack, localcloud)')
    .option('--json', 'print one JSON document instead of progress lines')
    .option('-v, --verbose', 'show every resource event');

export async function withSession<T>(flags: CommonFlags, fn: (s: PipelineSession) => Promise<T>): Promise<T> {
  const write = (t: string) => process.stdout.write(t);
  // A terminal gets colour and the live region x stack board; CI and pipes get plain lines.
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  const printer = createPrinter({ write, color: tty && !process.env.NO_COLOR, verbose: Boolean(flags.verbose), env: process.env });
  const sink = flags.json ? () => {} : tty ? withLiveBoard(printer, write, { columns: () => process.stdout.columns || 80, now: () => Date.now(), tickMs: 1000 }) : printer;
  const session = await openSession(flags, sink);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

async function finishRun(session: PipelineSession, flags: CommonFlags, result: { runId: string; status: string; reason?: string; userError?: true }, setExit: (c: number) => void, warnings: string[] = []) {
  const { runView } = await import('../../pipeline/index.js');
  const view = runView(session.deps.store, result.runId);
  if (flags.json) process.stdout.write(`${JSON.stringify(warnings.length ? { ...view, warnings } : view, null, 2)}\n`);
  else if (view) for (const line of outputLines(outputsOf(view))) process.stdout.write(`${line}\n`);
  // A run refused for the user to resolve (a stack another pipeline owns) is a usage error, not a failed deploy.
  setExit(result.userError ? EXIT.usage : exitCodeFor(result.status));
}

/** Uncommitted edits of the files a run of `ref` reads; none when the ref cannot be resolved (the run says why). */
async function editWarnings(repo: string, ref: string): Promise<string[]> {
  const { resolveCommit } = await import('../../pipeline/index.js');
  const commit = await resolveCommit(repo, ref).catch(() => undefined);
  if (!commit) return [];
  const warning = uncommittedWarning(await uncommittedEdits(repo, commit.sha), commit.sha);
  return warning ? [warning] : [];
}

export function registerPipelineCommands(program: Command, setExit: (code: number) => void): void {
  withCommon(program.command('run').description('Run the pipeline for a commit (default: the configured branch head)'))
    .option('--commit <sha>', 'the commit (or branch/tag) to run')
    .option('--adopt', 'take over existing stacks of the configured names that no Meridian pipeline made (untagged)')
    .action(async (flags: CommonFlags & { commit?: string; adopt?: boolean }) =>
      withSession(flags, async (session) => {
        const { startRun, readFileAtCommit, parseConfig } = await import('../../pipeline/index.js');
        let ref = flags.commit;
        if (!ref) {
          const text = await readFileAtCommit(session.repo, 'HEAD', 'meridian.yaml').catch(() => undefined);
          ref = text ? parseConfig(text, 'meridian.yaml').source.branch : 'HEAD';
        }
        const warnings = await editWarnings(session.repo, ref);
        for (const w of warnings) process.stderr.write(`meridian: ${w}\n`);
        await finishRun(session, flags, await startRun(session.deps, { repo: session.repo, ref, ...(flags.adopt ? { adopt: true } : {}) }), setExit, warnings);
      }),
    );

  for (const decision of ['approve', 'reject'] as const) {
    withCommon(program.command(`${decision} <run>`).description(`${decision === 'approve' ? 'Approve' : 'Reject'} a run that awaits approval, then carry it on`))
      .option('--comment <text>', 'why')
      .option('--as <user>', 'who decides: must be the email git commits with here, unless approval.cliIdentity is any (default: that email)')
      .option('--server <url>', "decide through a Meridian server as its token's user (token from MERIDIAN_TOKEN)")
      .action(async (runId: string, flags: CommonFlags & { comment?: string; as?: string; server?: string }) => {
        const kind = decision === 'approve' ? 'approved' : 'rejected';
        const comment = flags.comment ? { comment: flags.comment } : {};
        if (flags.server) {
          if (flags.as !== undefined) throw new UsageError("--as cannot be used with --server: the server decides as its token's user");
          const { decideThroughServer } = await import('../server-decision.js');
          const done = await decideThroughServer(flags.server, runId, { kind, ...comment }, process.env.MERIDIAN_TOKEN);
          if (flags.json) process.stdout.write(`${JSON.stringify({ ...done, via: 'server-token' }, null, 2)}\n`);
          else process.stdout.write(`${kind} run ${runId} as ${done.by} through ${flags.server}; the server carries it on\n`);
          setExit(EXIT.ok);
          return;
        }
        await withSession(flags, async (session) => {
          const { decideFromCli } = await import('../../pipeline/index.js');
          const result = await decideFromCli(session.deps, runId, { kind, repo: session.repo, ...(flags.as !== undefined ? { as: flags.as } : {}), ...comment });
          await finishRun(session, flags, result, setExit);
        });
      });
  }

  withCommon(program.command('resume [run]').description('Continue interrupted runs (or one run)')).action(async (runId: string | undefined, flags: CommonFlags) =>
    withSession(flags, async (session) => {
      const { continueRun, resumeRuns } = await import('../../pipeline/index.js');
      const results = runId ? [await continueRun(session.deps, runId)] : await resumeRuns(session.deps);
      if (results.length === 0 && !flags.json) process.stdout.write('nothing to resume\n');
      if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      const worst = results.map((r) => (r.userError ? EXIT.usage : exitCodeFor(r.status))).sort((a, b) => b - a)[0] ?? EXIT.ok;
      setExit(worst);
    }),
  );

  withCommon(program.command('cancel <run>').description('Stop a run: its stage stacks go back to the last approved record, its locks are released'))
    .option('--comment <text>', 'why')
    .option('--as <user>', 'who cancels (default: git config user.email)')
    .action(async (runId: string, flags: CommonFlags & { comment?: string; as?: string }) =>
      withSession(flags, async (session) => {
        const { cancelRun } = await import('../../pipeline/index.js');
        const by = approverIdentity(flags.as, session.repo);
        const result = await cancelRun(session.deps, runId, { by, ...(flags.comment ? { comment: flags.comment } : {}) });
        if (result.status === 'cancel-requested') {
          if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          else process.stdout.write(`${result.reason}\n`);
          setExit(EXIT.ok);
          return;
        }
        await finishRun(session, flags, result, setExit);
      }),
    );

  withCommon(program.command('rollback <run>').description('After a rollout that failed and stopped: put the regions it changed back to their approved records')).action(
    async (runId: string, flags: CommonFlags) =>
      withSession(flags, async (session) => {
        const { rollbackRun } = await import('../../pipeline/index.js');
        await finishRun(session, flags, await rollbackRun(session.deps, runId), setExit);
      }),
  );

  withCommon(program.command('status [run]').description('Show a run (default: the latest) per stage x region')).action(async (runId: string | undefined, flags: CommonFlags) =>
    withSession({ ...flags, cloud: 'aws', offline: true }, async (session) => {
      const { runView } = await import('../../pipeline/index.js');
      const id = runId ?? session.deps.store.listRuns({ limit: 1 })[0]?.id;
      const view = id ? runView(session.deps.store, id) : undefined;
      if (!view) throw new UsageError(runId ? `no run ${runId}` : 'no runs yet');
      if (flags.json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      else {
        process.stdout.write(`${view.id}  ${view.status}  ${view.commit.slice(0, 12)}  ${view.author ?? ''}  ${view.message ?? ''}\n`);
        if (view.reason) process.stdout.write(`  ${sayCodeOnce(view.reason)}\n`);
        if (view.approval) process.stdout.write(`  ${view.approval.decision} by ${view.approval.by}${view.approval.via ? ` (via ${view.approval.via})` : ''} at ${view.approval.at}${view.approval.comment ? `: ${view.approval.comment}` : ''}\n`);
        for (const s of view.steps) process.stdout.write(`  ${s.stage.padEnd(9)}${(s.region ?? '').padEnd(15)}${(s.stack ?? '').padEnd(22)}${s.status}${s.reason ? `  ${sayCodeOnce(s.reason)}` : s.error ? `  ${sayCodeOnce(s.error.message)}` : ''}\n`);
        for (const line of outputLines(outputsOf(view))) process.stdout.write(`${line}\n`);
      }
      setExit(exitCodeFor(view.status));
    }),
  );

  withCommon(program.command('drift').description('Detect drift on every production stack in every region')).action(async (flags: CommonFlags) =>
    withSession(flags, async (session) => {
      const { loadConfig, pipelineDrift } = await import('../../pipeline/index.js');
      const { config } = await loadConfig(configFile(session.repo));
      const results = await pipelineDrift(session.deps.cloud, config);
      if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      else {
        for (const r of results) {
          const state = !r.report ? 'not deployed' : r.report.drifted.length ? 'DRIFTED' : 'in sync';
          process.stdout.write(`${r.region.padEnd(15)}${r.stack.padEnd(24)}${state}\n`);
          for (const d of r.report?.drifted ?? []) {
            process.stdout.write(`  ${d.logicalId} ${d.resourceType} ${d.status}\n`);
            for (const p of d.differences) process.stdout.write(`    ${p.path} ${p.type}: expected ${p.expected ?? '(none)'}, actual ${p.actual ?? '(none)'}\n`);
          }
          if (r.report?.notChecked.length) process.stdout.write(`  not checked: ${r.report.notChecked.map((d) => `${d.logicalId} (${d.resourceType})`).join(', ')}\n`);
        }
      }
      setExit(results.some((r) => r.report?.drifted.length) ? EXIT.failed : EXIT.ok);
    }),
  );

  withCommon(program.command('runs').description('List runs, newest first')).action(async (flags: CommonFlags) =>
    withSession({ ...flags, cloud: 'aws', offline: true }, async (session) => {
      const { runSummary } = await import('../../pipeline/index.js');
      const runs = session.deps.store.listRuns({ limit: 50 }).map(runSummary);
      if (flags.json) process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      else for (const r of runs) process.stdout.write(`${r.id}  ${r.status.padEnd(18)}${r.commit.slice(0, 12)}  ${r.createdAt}  ${r.message ?? ''}\n`);
    }),
  );
}
