// `meridian demo`: the whole pipeline on an embedded localcloud, in under a minute. It makes a git
// repository from examples/shop-infra and walks through a first deploy, a change with its preview,
// drift made out of band and caught, a rejection that reverts the stage, an approval that rolls out
// primary then secondaries, and a commit that changes nothing.
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { packageRoot } from '../package-root.js';
import { openSession } from '../pipeline-session.js';
import { createPrinter } from '../progress-printer.js';

const example = (): string => join(packageRoot(), 'examples', 'shop-infra');

interface Actor {
  name: string;
  email: string;
}
const DEV: Actor = { name: 'Dana Developer', email: 'dana@example.com' };
const ALICE = 'alice@example.com';

function git(repo: string, args: string[], who: Actor = DEV): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email };
  // node:child_process is loaded only when the demo runs, not on every CLI start.
  const { execFileSync } = createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
  return execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
}

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('Walk through the whole pipeline on an embedded localcloud (three regions, two stacks)')
    .option('--keep', 'keep the demo repository and state directory')
    .option('-v, --verbose', 'show every resource event')
    .action(async (flags: { keep?: boolean; verbose?: boolean }) => {
      const write = (t: string) => process.stdout.write(t);
      const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const title = (n: number, text: string) => write(`\n${color ? '\u001b[1;36m' : ''}── ${n}. ${text}${color ? '\u001b[0m' : ''}\n`);
      const root = mkdtempSync(join(tmpdir(), 'meridian-demo-'));
      const repo = join(root, 'shop-infra');
      cpSync(example(), repo, { recursive: true });
      git(repo, ['init', '-q', '-b', 'main']);
      git(repo, ['add', '-A']);
      git(repo, ['commit', '-q', '-m', 'shop infrastructure: config and app stacks in three regions']);
      const session = await openSession({ repo, state: join(root, 'state'), cloud: 'local' }, createPrinter({ write, color, verbose: Boolean(flags.verbose) }));
      const { startRun, decide } = await import('../../pipeline/index.js');
      const { SSMClient, PutParameterCommand } = await import('@aws-sdk/client-ssm');
      const outcomes: string[] = [];
      const expect = (what: string, got: string, want: string) => {
        outcomes.push(`${got === want ? '✓' : '✗'} ${what}: ${got}`);
        if (got !== want) throw new Error(`demo step "${what}" ended ${got}, expected ${want}`);
      };
      try {
        write(`Demo repository: ${repo}\nlocalcloud: ${session.deps.endpoint}\n`);
        title(1, 'First deploy: preview in every region, stage stacks in us-east-1, then approval');
        const first = await startRun(session.deps, { repo, ref: 'main' });
        expect('first run waits for approval', first.status, 'awaiting-approval');
        write(`\n${DEV.email} wrote the commit, so ${ALICE} approves (self-approval is refused):\n`);
        expect('first rollout', (await decide(session.deps, first.runId, { kind: 'approved', by: ALICE, comment: 'first deploy' })).status, 'succeeded');

        title(2, 'A change: a new dead-letter queue and a longer retention; the preview shows it per region');
        const app = readFileSync(join(repo, 'templates/app.yaml'), 'utf8')
          .replace('MessageRetentionPeriod: 345600', 'MessageRetentionPeriod: 1209600')
          .replace('  OrderEvents:\n', '  OrdersDeadLetters:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: alias/aws/sqs\n  OrderEvents:\n');
        writeFileSync(join(repo, 'templates/app.yaml'), app);
        git(repo, ['commit', '-q', '-am', 'orders: dead-letter queue, 14-day retention']);

        title(3, 'Someone edits a parameter by hand in eu-west-1; drift detection catches it and blocks the run');
        const ssm = new SSMClient({ region: 'eu-west-1', endpoint: session.deps.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'localcloud' } });
        await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'checkout=off,search=on', Type: 'String', Overwrite: true }));
        expect('run with drift', (await startRun(session.deps, { repo, ref: 'main' })).status, 'failed');
        write('\nThe operator puts the value back, and the pipeline runs again:\n');
        await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'checkout=on,search=on', Type: 'String', Overwrite: true }));
        ssm.destroy();

        title(4, 'The reviewer rejects the change: the stage stacks go back to the last approved artifact');
        const rejected = await startRun(session.deps, { repo, ref: 'main' });
        expect('run after the fix waits for approval', rejected.status, 'awaiting-approval');
        expect('rejection', (await decide(session.deps, rejected.runId, { kind: 'rejected', by: ALICE, comment: 'retention needs sign-off' })).status, 'rejected');

        title(5, 'Run again and approve: primary first, then the secondaries');
        const approved = await startRun(session.deps, { repo, ref: 'main' });
        expect('run waits for approval', approved.status, 'awaiting-approval');
        expect('rollout', (await decide(session.deps, approved.runId, { kind: 'approved', by: ALICE, comment: 'signed off' })).status, 'succeeded');

        title(6, 'A commit that changes no template ends "no-changes" (a success, nothing deployed)');
        writeFileSync(join(repo, 'README.md'), '# shop-infra\n\nThe shop infrastructure, deployed by Meridian.\n');
        git(repo, ['add', 'README.md']);
        git(repo, ['commit', '-q', '-m', 'docs: README']);
        expect('docs-only run', (await startRun(session.deps, { repo, ref: 'main' })).status, 'no-changes');

        write(`\nDemo finished:\n${outcomes.map((o) => `  ${o}`).join('\n')}\n`);
        setExit(EXIT.ok);
      } catch (err) {
        write(`\nDemo stopped: ${(err as Error).message}\n${outcomes.map((o) => `  ${o}`).join('\n')}\n`);
        setExit(EXIT.failed);
      } finally {
        await session.close();
        if (flags.keep) write(`Kept ${root}\n`);
        else rmSync(root, { recursive: true, force: true });
      }
    });
}
