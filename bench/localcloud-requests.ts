// Benchmark: requests/s one localcloud server sustains for SSM GetParameter and S3 HeadObject,
// sequential from one SDK client each (a bounded number of calls, after a warm-up).
// Run: node --import tsx bench/localcloud-requests.ts
import { performance } from 'node:perf_hooks';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalCloud } from '../src/localcloud/index.js';

const CALLS = 2000;
const WARMUP = 100;
const CONCURRENCY = [1, 8];

async function rate(label: string, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await call();
  for (const parallel of CONCURRENCY) {
    const started = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < CALLS) {
        next++;
        await call();
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${label.padEnd(22)} in flight ${String(parallel).padStart(2)}: ${Math.round(CALLS / seconds).toString().padStart(6)} requests/s (${CALLS} calls, ${(seconds * 1000).toFixed(0)} ms)\n`);
  }
}

const cloud = await startLocalCloud({ port: 0 });
const common = { endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const ssm = new SSMClient(common);
const s3 = new S3Client({ ...common, forcePathStyle: true });
try {
  await ssm.send(new PutParameterCommand({ Name: '/bench/p', Value: 'v', Type: 'String' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'bench-bucket' }));
  await s3.send(new PutObjectCommand({ Bucket: 'bench-bucket', Key: 'k', Body: 'x' }));
  await rate('SSM GetParameter', () => ssm.send(new GetParameterCommand({ Name: '/bench/p' })));
  await rate('S3 HeadObject', () => s3.send(new HeadObjectCommand({ Bucket: 'bench-bucket', Key: 'k' })));
} finally {
  ssm.destroy();
  s3.destroy();
  await cloud.stop();
}
