// Another real client: the AWS CLI (where it is on PATH) against localcloud.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalCloud } from '../../src/localcloud/index.js';
import { start } from './helpers.js';

const run = promisify(execFile);
const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const skip = probe.error || probe.status !== 0 ? 'the AWS CLI (`aws`) is not on PATH' : false;

describe('localcloud with the AWS CLI', { skip }, () => {
  let cloud: LocalCloud;
  const dir = mkdtempSync(join(tmpdir(), 'localcloud-cli-'));
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    AWS_PAGER: '',
  };
  const aws = async (...args: string[]): Promise<string> => (await run('aws', ['--endpoint-url', cloud.endpoint, ...args], { env, maxBuffer: 16 * 1024 * 1024 })).stdout;
  before(async () => {
    cloud = await start();
  });
  after(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a 20 MB file up (multipart) and back with `aws s3 cp`', async () => {
    const file = join(dir, 'big.bin');
    const data = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 1024) data.writeUInt32LE(i * 2654435761 >>> 0, i);
    writeFileSync(file, data);
    await aws('s3', 'mb', 's3://cli-artifacts');
    await aws('s3', 'cp', '--only-show-errors', file, 's3://cli-artifacts/big.bin');
    const head = JSON.parse(await aws('s3api', 'head-object', '--bucket', 'cli-artifacts', '--key', 'big.bin')) as { ContentLength: number; ETag: string };
    assert.equal(head.ContentLength, data.length);
    assert.match(head.ETag, /-\d+"$/, 'the CLI switched to a multipart upload');
    await aws('s3', 'cp', '--only-show-errors', 's3://cli-artifacts/big.bin', join(dir, 'back.bin'));
    const back = readFileSync(join(dir, 'back.bin'));
    assert.equal(createHash('sha256').update(back).digest('hex'), createHash('sha256').update(data).digest('hex'));
    const ops = cloud.operations().filter((o) => o.service === 's3').map((o) => o.action);
    assert.ok(ops.includes('CreateMultipartUpload') && ops.includes('CompleteMultipartUpload'));
  });

  it('puts and gets an SSM parameter with `aws ssm`', async () => {
    const put = JSON.parse(await aws('ssm', 'put-parameter', '--name', '/cli/param', '--value', 'from-cli', '--type', 'String')) as { Version: number };
    assert.equal(put.Version, 1);
    const got = JSON.parse(await aws('ssm', 'get-parameter', '--name', '/cli/param')) as { Parameter: { Value: string; ARN: string } };
    assert.equal(got.Parameter.Value, 'from-cli');
    assert.equal(got.Parameter.ARN, 'arn:aws:ssm:eu-west-1:000000000000:parameter/cli/param');
  });
});
