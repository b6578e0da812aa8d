// `meridian local-cloud`: prints the endpoint, serves, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

const CLI = fileURLToPath(new URL('./fixtures/run-cli.ts', import.meta.url));

describe('meridian local-cloud', () => {
  it('prints its endpoint, answers SDK calls, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', CLI, 'local-cloud', '--port', '0', '--seed', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /localcloud listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      const sts = new STSClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: '555555555555', secretAccessKey: 'x' } });
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Account, '555555555555');
      sts.destroy();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
      assert.match(out, /localcloud stopped \(SIGTERM\)/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a bad port with a usage error', async () => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', CLI, 'local-cloud', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(err, /expected an integer/);
  });
});
