// The server: protocol routing, error envelopes, the admin API, throttling with SDK retries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CloudFormationClient, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import type { LocalCloud, OperationRecord } from '../../src/localcloud/index.js';
import { admin, s3Client, ssmClient, start, stsClient } from './helpers.js';

const AUTH = (region: string, service: string, key = 'test'): string =>
  `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`;

/** A raw HTTP request, for wire details the SDK hides (Host header, Expect). */
function raw(cloud: LocalCloud, options: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string; continued: boolean }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const req = request({ host: '127.0.0.1', port: cloud.port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), continued }));
    });
    req.on('error', reject);
    if (options.headers.expect) {
      req.on('continue', () => {
        continued = true;
        req.end(options.body);
      });
    } else {
      req.end(options.body);
    }
  });
}

describe('localcloud server', () => {
  let cloud: LocalCloud;
  before(async () => {
    cloud = await start({ seed: 7 });
  });
  after(() => cloud.stop());

  it('answers unknown Query actions with InvalidAction in the Query error envelope', async () => {
    const res = await raw(cloud, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH('eu-west-1', 'sts') },
      body: 'Action=GetSessionToken&Version=2011-06-15',
    });
    assert.equal(res.status, 400);
    assert.match(res.body, /^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    assert.match(res.body, /<Message>GetSessionToken is not implemented by localcloud<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
  });

  it('answers unknown JSON targets with UnknownOperationException per awsJson1.1', async () => {
    const res = await raw(cloud, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.StartAutomationExecution', authorization: AUTH('us-east-1', 'ssm') },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers['x-amzn-errortype'], 'UnknownOperationException');
    assert.deepEqual(JSON.parse(res.body), { __type: 'UnknownOperationException', message: 'StartAutomationExecution is not implemented by localcloud' });
    const bad = await raw(cloud, { method: 'POST', path: '/', headers: { 'x-amz-target': 'AmazonSSM.GetParameter', authorization: AUTH('us-east-1', 'ssm') }, body: 'not json' });
    assert.equal(JSON.parse(bad.body).__type, 'SerializationException');
  });

  it('turns an unexpected failure into InternalFailure 500 and keeps serving', async () => {
    await ssmClient(cloud, 'us-east-1').send(new PutParameterCommand({ Name: '/before', Value: 'x', Type: 'String' }));
    const res = await raw(cloud, {
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': 'AmazonSSM.DescribeParameters', authorization: AUTH('us-east-1', 'ssm') },
      body: '{"ParameterFilters":[null]}',
    });
    assert.equal(res.status, 500);
    assert.equal(JSON.parse(res.body).__type, 'InternalFailure');
    const after = await ssmClient(cloud, 'us-east-1').send(new PutParameterCommand({ Name: '/still/up', Value: 'yes', Type: 'String' }));
    assert.equal(after.Version, 1);
  });

  it('tells STS from CloudFormation by the Version when the request is unsigned', async () => {
    const res = await raw(cloud, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(res.status, 200);
    assert.match(res.body, /<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>.*<Account>000000000000<\/Account>/);
  });

  it('serves virtual-host style S3 and honours Expect: 100-continue', async () => {
    await s3Client(cloud, 'us-east-1').send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }));
    const put = await raw(cloud, {
      method: 'PUT',
      path: '/nested/key.txt',
      headers: { host: `vhost-bucket.localhost:${cloud.port}`, authorization: AUTH('us-east-1', 's3'), expect: '100-continue', 'content-length': '5' },
      body: 'hello',
    });
    assert.equal(put.status, 200);
    assert.equal(put.continued, true);
    const got = await s3Client(cloud, 'us-east-1').send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'nested/key.txt' }));
    assert.equal(await got.Body?.transformToString(), 'hello');
  });

  it('takes the region from a presigned URL credential', async () => {
    const res = await raw(cloud, {
      method: 'PUT',
      path: `/presigned-eu?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent('test/20260101/eu-west-1/s3/aws4_request')}&X-Amz-Signature=00`,
      headers: {},
    });
    assert.equal(res.status, 200);
    const head = await raw(cloud, { method: 'HEAD', path: '/presigned-eu', headers: {} });
    assert.equal(head.headers['x-amz-bucket-region'], 'eu-west-1');
  });

  it('logs every mutating call in order with account, region, stack and token', async () => {
    await admin(cloud, 'POST', 'reset');
    await ssmClient(cloud, 'eu-west-1').send(new PutParameterCommand({ Name: '/ops/a', Value: '1', Type: 'String' }));
    await ssmClient(cloud, 'eu-west-1').send(new GetParameterCommand({ Name: '/ops/a' }));
    await s3Client(cloud, 'ap-southeast-2', { accessKeyId: '333333333333', secretAccessKey: 'x' }).send(new CreateBucketCommand({ Bucket: 'ops-bucket' }));
    const cfn = new CloudFormationClient({ endpoint: cloud.endpoint, region: 'us-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    await cfn.send(new DeleteStackCommand({ StackName: 'shop-app', ClientRequestToken: 'run-1-step-2' })).catch(() => undefined);
    const { status, json } = await admin(cloud, 'GET', 'operations');
    assert.equal(status, 200);
    const ops = json as OperationRecord[];
    assert.deepEqual(
      ops.map((o) => [o.seq, o.account, o.region, o.service, o.action, o.stackName, o.clientRequestToken]),
      [
        [1, '000000000000', 'eu-west-1', 'ssm', 'PutParameter', undefined, undefined],
        [2, '333333333333', 'ap-southeast-2', 's3', 'CreateBucket', undefined, undefined],
        [3, '000000000000', 'us-west-2', 'cloudformation', 'DeleteStack', 'shop-app', 'run-1-step-2'],
      ],
    );
    assert.ok(ops.every((o) => !Number.isNaN(Date.parse(o.time))));
  });

  it('shows state per account x region and forgets it on reset', async () => {
    await s3Client(cloud, 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'state-bucket' }));
    await ssmClient(cloud, 'eu-west-1').send(new PutParameterCommand({ Name: '/state/p', Value: 'v', Type: 'SecureString' }));
    const { json } = await admin(cloud, 'GET', 'state');
    const state = json as { s3: Record<string, Record<string, { name: string }[]>>; ssm: Record<string, Record<string, { name: string; value: string }[]>>; cloudformation: unknown };
    assert.ok(state.s3['000000000000']?.['eu-west-1']?.some((b) => b.name === 'state-bucket'));
    assert.deepEqual(state.ssm['000000000000']?.['eu-west-1']?.find((p) => p.name === '/state/p')?.value, '(secure)');
    assert.ok('cloudformation' in state);
    assert.equal((await admin(cloud, 'POST', 'reset')).status, 200);
    const after = (await admin(cloud, 'GET', 'state')).json as typeof state;
    assert.deepEqual([after.s3, after.ssm], [{}, {}]);
    assert.deepEqual((await admin(cloud, 'GET', 'operations')).json, []);
  });

  it('rejects bad admin bodies and unknown admin paths with a code', async () => {
    const bad = await admin(cloud, 'POST', 'throttle', { fraction: 2 });
    assert.equal(bad.status, 400);
    assert.equal((bad.json as { code: string }).code, 'InvalidRequest');
    const unknown = await admin(cloud, 'GET', 'nope');
    assert.equal(unknown.status, 404);
  });

  it('answers throttled calls in each protocol\'s envelope, scoped by region and service', async () => {
    await admin(cloud, 'POST', 'reset');
    await admin(cloud, 'POST', 'throttle', { fraction: 1, region: 'eu-west-1' });
    const query = await raw(cloud, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH('eu-west-1', 'sts') }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(query.status, 400);
    assert.match(query.body, /<Code>Throttling<\/Code><Message>Rate exceeded<\/Message>/);
    const json = await raw(cloud, { method: 'POST', path: '/', headers: { 'x-amz-target': 'AmazonSSM.PutParameter', authorization: AUTH('eu-west-1', 'ssm') }, body: '{"Name":"/x","Value":"v","Type":"String"}' });
    assert.deepEqual([json.status, JSON.parse(json.body).__type, JSON.parse(json.body).message], [400, 'ThrottlingException', 'Rate exceeded']);
    const rest = await raw(cloud, { method: 'GET', path: '/', headers: { authorization: AUTH('eu-west-1', 's3') } });
    assert.equal(rest.status, 503);
    assert.match(rest.body, /<Code>SlowDown<\/Code>/);
    const elsewhere = await raw(cloud, { method: 'GET', path: '/', headers: { authorization: AUTH('us-east-1', 's3') } });
    assert.equal(elsewhere.status, 200);
    // A more specific rule wins: S3 in eu-west-1 is let through while the region stays throttled.
    await admin(cloud, 'POST', 'throttle', { fraction: 0.000001, region: 'eu-west-1', service: 's3' });
    assert.equal((await raw(cloud, { method: 'GET', path: '/', headers: { authorization: AUTH('eu-west-1', 's3') } })).status, 200);
    assert.deepEqual((await admin(cloud, 'GET', 'operations')).json, [], 'throttled calls are not logged');
    await admin(cloud, 'POST', 'reset');
  });

  it('throttles a seeded fraction of calls; the SDK retries them to success', async () => {
    await admin(cloud, 'POST', 'reset');
    assert.equal((await admin(cloud, 'POST', 'throttle', { fraction: 0.3 })).status, 200);
    const ssm = ssmClient(cloud, 'eu-west-1', undefined, 8);
    const s3 = s3Client(cloud, 'us-east-1', undefined, 8);
    const sts = stsClient(cloud, 'ap-southeast-2');
    let attempts = 0;
    await s3.send(new CreateBucketCommand({ Bucket: 'throttled' })).then((r) => (attempts += r.$metadata.attempts ?? 1));
    for (let i = 0; i < 6; i++) {
      attempts += (await ssm.send(new PutParameterCommand({ Name: `/t/${i}`, Value: 'v', Type: 'String' }))).$metadata.attempts ?? 1;
      attempts += (await ssm.send(new GetParameterCommand({ Name: `/t/${i}` }))).$metadata.attempts ?? 1;
      attempts += (await s3.send(new PutObjectCommand({ Bucket: 'throttled', Key: `k${i}`, Body: 'x' }))).$metadata.attempts ?? 1;
      attempts += (await s3.send(new HeadObjectCommand({ Bucket: 'throttled', Key: `k${i}` }))).$metadata.attempts ?? 1;
    }
    const who = await sts.send(new GetCallerIdentityCommand({})).catch((err: Error) => err);
    const { json } = await admin(cloud, 'GET', 'throttle');
    const throttled = (json as { throttled: number }).throttled;
    assert.ok(throttled > 0, 'some calls were throttled');
    assert.ok(attempts > 25, `retries happened (${attempts} attempts for 25 calls)`);
    assert.ok(!(who instanceof Error) || who.name === 'Throttling', 'STS answers Throttling when it throttles');
    await admin(cloud, 'POST', 'throttle', { fraction: 0 });
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/t/0' }))).$metadata.attempts, 1);
  });
});
