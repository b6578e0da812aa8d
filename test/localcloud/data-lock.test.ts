// One writer per data folder (SPEC.md "Persistence"), with real processes: a second
// `meridian local-cloud --data DIR` exits 2 naming the holder, an embedded one joins it, and the
// lock of a killed holder is taken over.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DataDirLockedError, LOCK_FILE, openLocalCloud, startLocalCloud } from '../../src/localcloud/index.js';

const CLI = fileURLToPath(new URL('./fixtures/run-cli.ts', import.meta.url));
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function localCloud(dir: string): ChildProcess {
  return spawn(process.execPath, ['--no-warnings', '--import', 'tsx', CLI, 'local-cloud', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function endpointOf(child: ChildProcess): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /localcloud listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
}

describe('localcloud data folder lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localcloud-lock-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second server, lets an embedded one join, and takes over the lock of a killed holder', async () => {
    const first = localCloud(dir);
    children.push(first);
    const endpoint = await endpointOf(first);
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; port: number; endpoint: string };
    assert.deepEqual([lock.pid, lock.endpoint], [first.pid, endpoint]);
    const ssm = new SSMClient({ endpoint, region: 'eu-west-1', credentials });
    await ssm.send(new PutParameterCommand({ Name: '/kept', Value: 'by-the-first', Type: 'String' }));

    const second = localCloud(dir);
    children.push(second);
    let err = '';
    second.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
    const [code] = (await once(second, 'exit')) as [number];
    assert.equal(code, 2);
    assert.match(err, new RegExp(`in use by process ${first.pid} \\(localcloud on ${endpoint.replace(/\./g, '\\.')}\\)`));

    const refused = await startLocalCloud({ port: 0, dataDir: dir }).catch((e: unknown) => e);
    assert.ok(refused instanceof DataDirLockedError);
    assert.equal(refused.holder.pid, first.pid);
    const joined = await openLocalCloud({ port: 0, dataDir: dir }, { whenLocked: 'join' });
    assert.equal(joined.kind, 'joined');
    assert.equal(joined.kind === 'joined' ? joined.endpoint : '', endpoint);

    // Let the first save what it has, then kill it without a chance to remove its lock.
    await new Promise((r) => setTimeout(r, 300));
    const killed = once(first, 'exit');
    first.kill('SIGKILL');
    await killed;
    assert.ok(existsSync(join(dir, LOCK_FILE)), 'a killed holder leaves its lock behind');
    const opened = await openLocalCloud({ port: 0, dataDir: dir }, { whenLocked: 'join' });
    assert.equal(opened.kind, 'started');
    if (opened.kind !== 'started') return;
    try {
      assert.equal((JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number }).pid, process.pid);
      const again = new SSMClient({ endpoint: opened.cloud.endpoint, region: 'eu-west-1', credentials });
      assert.equal((await again.send(new GetParameterCommand({ Name: '/kept' }))).Parameter?.Value, 'by-the-first');
      again.destroy();
    } finally {
      await opened.cloud.stop();
      ssm.destroy();
    }
    assert.ok(!existsSync(join(dir, LOCK_FILE)), 'stop removes the lock');
  });
});
