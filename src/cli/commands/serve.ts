// `meridian serve`: the team server. Runs the pipeline engine as a long-lived worker (resuming
// interrupted runs at start, polling the branch) behind the HTTP API, webhooks and dashboard.
// SIGTERM/SIGINT stop new work, let the job in hand finish (bounded), and exit; the journal keeps the rest.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';
import { openSession } from '../pipeline-session.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return n;
}

interface ServeFlags {
  port: number;
  host: string;
  repo: string;
  state?: string;
  cloud?: string;
  endpoint?: string;
  branch?: string;
  publicUrl?: string;
  poll: boolean;
  s3Trigger?: string;
  s3Region?: string;
  json?: boolean;
}

/** How long shutdown waits for the job in hand before leaving it to the next start. */
const SHUTDOWN_WAIT_MS = 60_000;

export function registerServeCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('Run the team server: pipeline worker, JSON API, webhooks and dashboard')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 8080)
    .option('--host <host>', 'address to bind (use 0.0.0.0 only behind TLS)', '127.0.0.1')
    .option('--repo <dir>', 'the git repository holding meridian.yaml (pushes must land here)', '.')
    .option('--state <dir>', 'state directory (default: <repo>/.meridian)')
    .option('--cloud <target>', 'aws | local | an endpoint URL (default: meridian.yaml cloud:, else aws)')
    .option('--endpoint <url>', 'AWS endpoint override (LocalStack, localcloud)')
    .option('--branch <name>', 'branch to watch (default: source.branch of meridian.yaml)')
    .option('--public-url <url>', 'the dashboard address used in notification links')
    .option('--no-poll', 'do not poll the branch (webhooks only)')
    .option('--s3-trigger <s3url>', 'start a run when a new version of this object appears (s3://bucket/key)')
    .option('--s3-region <region>', 'region of the --s3-trigger bucket', 'us-east-1')
    .option('--json', 'log one JSON object a line: { time, level, message }; the first is { event: "listening", url, state }')
    .action(async (flags: ServeFlags) => {
      const { createMeridianServer, parseS3Url } = await import('../../server/index.js');
      const object = flags.s3Trigger ? parseS3Url(flags.s3Trigger) : undefined;
      if (flags.s3Trigger && !object) throw new UsageError(`--s3-trigger must look like s3://bucket/key, not '${flags.s3Trigger}'`);
      const log = (level: string, message: string) =>
        process.stdout.write(flags.json ? `${JSON.stringify({ time: new Date().toISOString(), level, message })}\n` : `${new Date().toISOString()} ${level} ${message}\n`);
      // Pushes must land in --repo: a folder that is no repository is a mistake to say now, not a warning in the log forever.
      const { openRepo } = await import('../../pipeline/index.js');
      await openRepo(resolve(flags.repo));
      // A server outlives the commands around it: it never joins a localcloud that one of them runs.
      const session = await openSession({ ...flags, whenLocalCloudLocked: 'fail' }, () => {});
      const server = await createMeridianServer({
        deps: session.deps,
        repo: session.repo,
        env: process.env,
        now: () => Date.now(),
        log,
        poll: flags.poll,
        ...(flags.branch ? { branch: flags.branch } : {}),
        ...(flags.publicUrl ? { publicUrl: flags.publicUrl.replace(/\/$/, '') } : {}),
        ...(object ? { s3Trigger: { ...object, region: flags.s3Region ?? 'us-east-1' } } : {}),
      });
      // Listening for the stop signals before saying "listening": a supervisor may send SIGTERM the moment it reads that line.
      const stopSignal = new Promise<NodeJS.Signals>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      const { url } = await server.listen(flags.port, flags.host);
      if (flags.json) process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event: 'listening', url, state: session.stateDir })}\n`);
      else process.stdout.write(`meridian serve listening on ${url} (state in ${session.stateDir})\n`);
      const signal = await stopSignal;
      log('info', `${signal}: stopping; waiting for the job in hand`);
      const stopped = await Promise.race([server.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), SHUTDOWN_WAIT_MS).unref())]);
      if (stopped) await session.close();
      else log('warn', 'a job is still running; it continues from the journal at the next start');
      log('info', 'stopped');
      setExit(EXIT.ok);
      if (!stopped) process.exit(EXIT.ok);
    });
}
