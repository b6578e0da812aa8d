// `meridian demo`: the whole pipeline on an embedded localcloud, in under a minute. It makes a git
// repository from examples/shop-infra and walks through a first deploy, a change with its preview,
// drift made out of band and caught, a rejection that reverts the stage, an approval that rolls out
// primary then secondaries, a commit that changes nothing, a fixed name refused at Validate, and
// its fix stopped by an alarm during the bake after wave 1 (demo-gates.ts). `--endpoint URL` walks
// the same story against any endpoint (LocalStack, a separately started localcloud); where the
// endpoint has no drift detection or no CloudWatch alarms, the step says so and the story goes on
// (docs/localstack.md).
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { EventSink } from '../../pipeline/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { packageRoot } from '../package-root.js';
import { openSession } from '../pipeline-session.js';
import { createPrinter } from '../progress-printer.js';
import { bakeGateStep, nameCollisionStep, type Credentials, type DemoStory } from './demo-gates.js';

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

/** What the demo's own SDK calls (the hand-made drift) sign with: what the session uses. */
function demoCredentials(endpoint: string | undefined): Credentials {
  if (!endpoint) return { accessKeyId: '000000000000', secretAccessKey: 'localcloud' };
  // An endpoint: the caller's own credentials when set, else the emulators' customary test/test.
  return process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE ? undefined : { accessKeyId: 'test', secretAccessKey: 'test' };
}

/** The demo's stacks must not exist yet: a second demo on the same endpoint would find nothing to change. */
async function requireFreshEndpoint(endpoint: string, credentials: Credentials): Promise<void> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint, ...(credentials ? { credentials } : {}), maxAttempts: 2 });
  try {
    const found = await cfn.send(new DescribeStacksCommand({ StackName: 'shop-config' })).then(
      (r) => (r.Stacks ?? []).some((st) => st.StackStatus !== 'DELETE_COMPLETE'),
      (err: { name?: string; message?: string }) => {
        if (/does not exist/.test(err.message ?? '')) return false;
        throw new UsageError(`cannot reach ${endpoint}: ${err.name ?? 'Error'}: ${err.message ?? ''}`);
      },
    );
    if (found) {
      throw new UsageError(
        `${endpoint} already has the demo's stacks (shop-config in us-east-1, from an earlier demo): reset it first (localcloud: POST ${endpoint.replace(/\/$/, '')}/_localcloud/reset; LocalStack: restart it)`,
      );
    }
  } finally {
    cfn.destroy();
  }
}

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('Walk through the whole pipeline on an embedded localcloud, or on --endpoint (three regions, two stacks)')
    .option('--endpoint <url>', 'run against this endpoint (LocalStack, a separately started localcloud) instead of an embedded localcloud')
    .option('--keep', 'keep the demo repository and state directory')
    .option('--json', 'print the outcome of each step as one JSON document instead of progress lines')
    .option('-v, --verbose', 'show every resource event')
    .action(async (flags: { endpoint?: string; keep?: boolean; json?: boolean; verbose?: boolean }) => {
      if (flags.endpoint && !/^https?:\/\/[^\s/]+/.test(flags.endpoint)) throw new UsageError(`--endpoint must be a URL such as http://localhost:4566, not '${flags.endpoint}'`);
      const credentials = demoCredentials(flags.endpoint);
      if (flags.endpoint) await requireFreshEndpoint(flags.endpoint, credentials);
      const write = flags.json ? () => {} : (t: string) => process.stdout.write(t);
      const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const title = (n: number, text: string) => write(`\n${color ? '\u001b[1;36m' : ''}── ${n}. ${text}${color ? '\u001b[0m' : ''}\n`);
      const root = mkdtempSync(join(tmpdir(), 'meridian-demo-'));
      const repo = join(root, 'shop-infra');
      cpSync(example(), repo, { recursive: true });
      git(repo, ['init', '-q', '-b', 'main']);
      git(repo, ['add', '-A']);
      git(repo, ['commit', '-q', '-m', 'shop infrastructure: config and app stacks in three regions']);
      const target = flags.endpoint ? { endpoint: flags.endpoint } : { cloud: 'local' };
      const printer = createPrinter({ write, color, verbose: Boolean(flags.verbose) });
      let watcher: EventSink | undefined;
      const sink: EventSink = (runId, event) => {
        printer(runId, event);
        watcher?.(runId, event);
      };
      const session = await openSession({ repo, state: join(root, 'state'), ...target }, sink);
      const { startRun, decide, runView } = await import('../../pipeline/index.js');
      const { SSMClient, PutParameterCommand } = await import('@aws-sdk/client-ssm');
      const outcomes: string[] = [];
      const steps: { step: string; status: string; ok: boolean; note?: string }[] = [];
      const expect = (what: string, got: string, want: string, note?: string) => {
        outcomes.push(`${got === want ? '✓' : '✗'} ${what}: ${got}${note ? ` (${note})` : ''}`);
        steps.push({ step: what, status: got, ok: got === want, ...(note ? { note } : {}) });
        if (got !== want) throw new Error(`demo step "${what}" ended ${got}, expected ${want}`);
      };
      try {
        write(`Demo repository: ${repo}\n${flags.endpoint ? 'endpoint' : 'localcloud'}: ${session.deps.endpoint}\n`);
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
        const ssm = new SSMClient({ region: 'eu-west-1', endpoint: session.deps.endpoint, ...(credentials ? { credentials } : {}) });
        await ssm.send(new PutParameterCommand({ Name: '/shop/shop-config/feature-flags', Value: 'checkout=off,search=on', Type: 'String', Overwrite: true }));
        const drifted = await startRun(session.deps, { repo, ref: 'main' });
        // An endpoint without drift detection (LocalStack) marks every resource NOT_CHECKED: the
        // run goes on to approval, and the next run of this story supersedes it.
        const unsupported = runView(session.deps.store, drifted.runId)?.drift.find((d) => d.unsupported)?.unsupported;
        if (unsupported && drifted.status !== 'failed') {
          write(`\nThis endpoint has no drift detection (${unsupported}): every resource is NOT_CHECKED, so the hand-made edit goes unseen and the run waits for approval.\n`);
          expect('run with drift', drifted.status, 'awaiting-approval', 'drift not checked: the endpoint has no drift detection');
        } else {
          expect('run with drift', drifted.status, 'failed');
        }
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

        const story: DemoStory = {
          repo,
          deps: session.deps,
          credentials,
          write,
          title,
          expect,
          commit: (message, files) => {
            for (const [path, text] of Object.entries(files)) writeFileSync(join(repo, path), text);
            git(repo, ['add', ...Object.keys(files)]);
            git(repo, ['commit', '-q', '-m', message]);
          },
          watch: (next) => (watcher = next),
        };
        await nameCollisionStep(story, 7);
        await bakeGateStep(story, 8);

        write(`\nDemo finished:\n${outcomes.map((o) => `  ${o}`).join('\n')}\n`);
        if (flags.json) process.stdout.write(`${JSON.stringify({ status: 'succeeded', endpoint: session.deps.endpoint, steps }, null, 2)}\n`);
        setExit(EXIT.ok);
      } catch (err) {
        write(`\nDemo stopped: ${(err as Error).message}\n${outcomes.map((o) => `  ${o}`).join('\n')}\n`);
        if (flags.json) process.stdout.write(`${JSON.stringify({ status: 'failed', endpoint: session.deps.endpoint, steps, error: { code: 'DEMO_STEP_FAILED', message: (err as Error).message } }, null, 2)}\n`);
        setExit(EXIT.failed);
      } finally {
        await session.close();
        if (flags.keep) write(`Kept ${root}\n`);
        else rmSync(root, { recursive: true, force: true });
      }
    });
}
