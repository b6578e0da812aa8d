// `meridian preview` (what a run would change in production, deploying nothing) and `meridian destroy`
// (delete stacks the pipeline no longer configures, through the approval gate).
import type { Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';
import { approverIdentity } from '../pipeline-session.js';
import { exitCodeFor, withCommon, withSession, type CommonFlags } from './pipeline.js';

/** The commit a command without --commit looks at: the head of meridian.yaml's `source.branch`, as `run` does. */
async function defaultRef(repo: string, commit: string | undefined): Promise<string> {
  if (commit) return commit;
  const { readFileAtCommit, parseConfig } = await import('../../pipeline/index.js');
  const text = await readFileAtCommit(repo, 'HEAD', 'meridian.yaml').catch(() => undefined);
  return text ? parseConfig(text, 'meridian.yaml').source.branch : 'HEAD';
}

const out = (line: string) => process.stdout.write(`${line}\n`);

export function registerLifecycleCommands(program: Command, setExit: (code: number) => void): void {
  withCommon(program.command('preview').description('Show what a run would change in production (Source, Package, Validate, Preview): nothing is deployed, no run is recorded'))
    .option('--commit <sha>', 'the commit (or branch/tag) to preview')
    .option('--fail-on-changes', 'exit 5 when something would change')
    .action(async (flags: CommonFlags & { commit?: string; failOnChanges?: boolean }) =>
      withSession(flags, async (session) => {
        const { orphanLines, previewCommit } = await import('../../pipeline/index.js');
        const report = await previewCommit(session.deps, { repo: session.repo, ref: await defaultRef(session.repo, flags.commit) });
        if (flags.json) out(JSON.stringify(report, null, 2));
        else {
          for (const line of orphanLines(report.orphans)) out(line);
          if (report.orphanError) out(`warning: ${report.orphanError}`);
          const changed = report.stacks.filter((s) => s.kind === 'changes');
          out(changed.length ? `preview of ${report.commit.sha.slice(0, 12)}: ${changed.map((s) => `${s.stack} in ${s.region}`).join(', ')} would change; nothing was deployed` : `preview of ${report.commit.sha.slice(0, 12)}: no changes in any region`);
        }
        setExit(flags.failOnChanges && report.status === 'changes' ? EXIT.changes : EXIT.ok);
      }),
    );

  withCommon(program.command('destroy <stacks...>').description('Delete production stacks meridian.yaml no longer configures, dependents first, through the approval gate'))
    .option('--region <region>', 'only in this region (default: every region the pipeline deployed to)')
    .option('--yes', 'confirm the deletion (needed when meridian.yaml requires no approval)')
    .option('--as <user>', 'who asks (default: git config user.email)')
    .option('--commit <sha>', 'the commit whose meridian.yaml says what is configured (default: the branch head)')
    .action(async (stacks: string[], flags: CommonFlags & { region?: string; yes?: boolean; as?: string; commit?: string }) =>
      withSession(flags, async (session) => {
        const { destroyLines, requestDestroy, runView } = await import('../../pipeline/index.js');
        const by = approverIdentity(flags.as, session.repo);
        // The engine steps the recorded destroy run as a continued run: say what it is instead.
        const sink = session.deps.sink;
        session.deps.sink = (id, e) => (e.type === 'run-started' ? !flags.json && out(`▶ destroy run ${id} of ${e.pipeline}`) : sink(id, e));
        const outcome = await requestDestroy(session.deps, {
          repo: session.repo, ref: await defaultRef(session.repo, flags.commit), stacks, by, confirmed: Boolean(flags.yes), ...(flags.region ? { region: flags.region } : {}),
        });
        if (outcome.kind === 'needs-confirmation') {
          if (!flags.json) for (const line of destroyLines(outcome.plan)) out(line);
          throw new UsageError(`nothing was deleted: approval is not required by meridian.yaml, so confirm with --yes (${destroyLines(outcome.plan).length} stack(s) above)`);
        }
        const view = runView(session.deps.store, outcome.runId);
        if (flags.json) out(JSON.stringify({ ...view, plan: outcome.plan }, null, 2));
        else if (outcome.status === 'awaiting-approval') for (const line of destroyLines(outcome.plan)) out(`  ${line}`);
        setExit(exitCodeFor(outcome.status));
      }),
    );
}
