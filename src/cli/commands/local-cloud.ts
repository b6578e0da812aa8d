// `meridian local-cloud`: runs the localcloud emulator in the foreground until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

export function registerLocalCloudCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('local-cloud')
    .description('Run localcloud, the emulator of CloudFormation, S3, SSM and STS, on one port')
    .option('--port <port>', 'port to listen on (0 picks a free one)', integer(0, 65535), 4566)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <dir>', 'keep state across restarts in this directory')
    .option('--latency-ms <ms>', 'simulated duration of each CloudFormation resource operation', integer(0, 3_600_000))
    .option('--seed <n>', 'seed for generated ids and throttling decisions', integer(0, 2 ** 31 - 1))
    .option('--public-parameters <file>', 'JSON file of public SSM parameters to add: { "/aws/service/...": "value" | { "<region>": "value" } }')
    .option('--json', 'one JSON object a line on stdout: { event: "listening", endpoint, data }, then { event: "stopped", signal }')
    .action(async (opts: { port: number; host: string; data?: string; latencyMs?: number; seed?: number; publicParameters?: string; json?: boolean }) => {
      const { DataDirLockedError, readPublicParameters, startLocalCloud } = await import('../../localcloud/index.js');
      let publicParameters;
      try {
        publicParameters = opts.publicParameters ? readPublicParameters(opts.publicParameters) : undefined;
      } catch (err) {
        throw new UsageError(`--public-parameters: ${(err as Error).message}`);
      }
      // Listening for the stop signals before saying "listening": a supervisor may send SIGTERM the moment it reads that line.
      const stopSignal = new Promise<NodeJS.Signals>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      // A data folder has one writer: a second server on it exits 2 naming the process that holds it.
      const cloud = await startLocalCloud({ port: opts.port, host: opts.host, dataDir: opts.data, latencyMs: opts.latencyMs, seed: opts.seed, publicParameters }).catch((err: unknown) => {
        throw err instanceof DataDirLockedError ? new UsageError(err.message) : err;
      });
      if (opts.json) process.stdout.write(`${JSON.stringify({ event: 'listening', endpoint: cloud.endpoint, data: opts.data ?? null })}\n`);
      else process.stdout.write(`localcloud listening on ${cloud.endpoint}${opts.data ? ` (state in ${opts.data})` : ''}\n`);
      const signal = await stopSignal;
      await cloud.stop();
      process.stdout.write(opts.json ? `${JSON.stringify({ event: 'stopped', signal })}\n` : `localcloud stopped (${signal})\n`);
      setExit(EXIT.ok);
    });
}
