import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { parseTemplate } from '../../../src/template/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

/**
 * Runs the CLI in this process, capturing what it writes. The CLI writes strings; the test
 * runner's own reports (binary chunks on stdout) pass through untouched.
 */
async function meridian(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: 'stdout' | 'stderr') =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      if (typeof chunk !== 'string') return (writes[stream] as (...a: unknown[]) => boolean).call(process[stream], chunk, ...rest);
      out[stream] += chunk;
      return true;
    } as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await main(args);
    return { code, ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

test('resolve prints YAML with conditions applied, pseudo parameters of the region and masked NoEcho values', async () => {
  const r = await meridian('template', 'resolve', fixture('app.yaml'), '--region', 'cn-north-1', '--param', 'Env=prod', '--param', 'DbPassword=s3cret', '--stack-name', 'shop', '--account', '111122223333');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.ok(!r.stdout.includes('s3cret'), 'the NoEcho value is not printed');
  // The output is a template again: short tags for placeholders, readable by the template reader.
  const reread = parseTemplate(r.stdout, 'out.yaml');
  assert.ok(reread.ok, r.stdout);
  const doc = reread.template.body as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  assert.equal(doc.AWSTemplateFormatVersion as unknown, '2010-09-09');
  assert.deepEqual(doc.Conditions, { IsProd: true, IsDev: false });
  assert.equal(doc.Resources?.Bucket?.Properties?.BucketName, 'shop-prod-cn-north-1');
  assert.equal(doc.Resources?.Db?.Properties?.MasterUserPassword, '****');
  assert.deepEqual(doc.Resources?.Db?.Properties?.Policy, { 'Fn::Sub': 'arn:aws-cn:s3:::${Bucket}/*' });
  assert.deepEqual(doc.Resources?.Db?.Properties?.Endpoint, { 'Fn::GetAtt': ['Bucket', 'Arn'] });
  // 'yes' is quoted, so YAML 1.1 readers (CloudFormation) keep it a string.
  assert.match(r.stdout, /Value: "yes"/);
  assert.match(r.stdout, /Endpoint: !GetAtt Bucket\.Arn\n/);
  const json = await meridian('template', 'resolve', fixture('app.yaml'), '--region', 'cn-north-1', '--param', 'Env=prod', '--param', 'DbPassword=s3cret', '--stack-name', 'shop', '--account', '111122223333', '--format', 'json');
  assert.deepEqual(JSON.parse(json.stdout), doc, 'YAML and JSON say the same');
});

test('resolve --format json, defaults, and the other condition branch', async () => {
  const r = await meridian('template', 'resolve', fixture('app.yaml'), '--region', 'us-gov-west-1', '--param', 'Env=dev', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { Resources: Record<string, unknown>; Outputs: Record<string, unknown> };
  assert.deepEqual(Object.keys(doc.Resources), ['Bucket', 'DevOnly', 'Db']);
  assert.deepEqual(doc.Outputs.DevQueue, { Condition: 'IsDev', Value: { Ref: 'DevOnly' } });
  assert.match(JSON.stringify(doc.Resources.Db), /arn:aws-us-gov:s3:::\$\{Bucket\}/);
});

test('template errors print file:line:col: CODE message and exit 2', async () => {
  const bad = fixture('bad-select.yaml');
  const r = await meridian('template', 'resolve', bad, '--region', 'us-east-1');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `${bad}:9:27: SELECT_OUT_OF_RANGE Template error: Fn::Select cannot select nonexistent value at index 4\n`);

  const two = fixture('two-errors.yaml');
  const both = await meridian('template', 'resolve', two, '--region', 'us-east-1');
  assert.equal(both.code, 2);
  assert.equal(
    both.stderr,
    [
      `${two}:5:27: SELECT_OUT_OF_RANGE Template error: Fn::Select cannot select nonexistent value at index 3`,
      `${two}:9:18: UNRESOLVED_REFERENCE Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template`,
      '',
    ].join('\n'),
  );

  const app = fixture('app.yaml');
  const param = await meridian('template', 'resolve', app, '--region', 'us-east-1', '--param', 'Env=qa', '--param', 'Nope=1');
  assert.equal(param.code, 2);
  assert.equal(
    param.stderr,
    [`${app}:3:1: PARAMETER_UNKNOWN Parameters: [Nope] do not exist in the template`, `${app}:4:3: PARAMETER_NOT_ALLOWED Parameter 'Env' must be one of AllowedValues`, ''].join('\n'),
  );
  const missing = await meridian('template', 'resolve', app, '--region', 'us-east-1');
  assert.equal(missing.stderr, `${app}:4:3: PARAMETER_MISSING Parameters: [Env] must have values\n`);
});

test('failed Rules assertions stop resolve with their description', async () => {
  const file = fixture('rules.yaml');
  const bad = await meridian('template', 'resolve', file, '--region', 'eu-west-1');
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, `${file}:8:9: RULE_ASSERTION_FAILED This template deploys to us-east-1 only\n`);
  const good = await meridian('template', 'resolve', file, '--region', 'us-east-1', '--format', 'json');
  assert.equal(good.code, 0, good.stderr);
  assert.equal((JSON.parse(good.stdout) as { Resources: { Queue: { Properties: { QueueName: string } } } }).Resources.Queue.Properties.QueueName, 'dev-queue');
});

test('SSM parameter values come from --ssm, else stay references', async () => {
  const file = fixture('ssm.yaml');
  const withValue = await meridian('template', 'resolve', file, '--region', 'us-east-1', '--ssm', '/images/latest=ami-42', '--format', 'json');
  assert.equal(withValue.code, 0, withValue.stderr);
  assert.equal((JSON.parse(withValue.stdout) as { Resources: { Instance: { Properties: { ImageId: unknown } } } }).Resources.Instance.Properties.ImageId, 'ami-42');
  const without = await meridian('template', 'resolve', file, '--region', 'us-east-1');
  assert.equal(without.code, 0, without.stderr);
  assert.match(without.stdout, /ImageId: !Ref Ami\n/);
  const missing = await meridian('template', 'resolve', file, '--region', 'us-east-1', '--ssm', '/other=x');
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, `${file}:2:3: PARAMETER_SSM_NOT_FOUND Unable to fetch parameters [/images/latest] from parameter store for this account.\n`);
});

test('bad arguments are usage errors', async () => {
  const app = fixture('app.yaml');
  assert.equal((await meridian('template', 'resolve', app)).code, 2, '--region is required');
  const r = await meridian('template', 'resolve', app, '--region', 'us-east-1', '--param', 'novalue');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--param expects KEY=VALUE/);
  assert.equal((await meridian('template', 'resolve', fixture('missing.yaml'), '--region', 'us-east-1')).code, 2);
});
