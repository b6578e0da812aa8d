import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { CloudDeps } from '../../../src/cloud/index.js';
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js';
import { createPackageCache, PackageError, packageForRegion, packageTemplate, type RegionPackage } from '../../../src/pipeline/package/index.js';
import { parseTemplate } from '../../../src/template/index.js';
import { readZip } from './read-zip.js';
import { cloudDepsFor } from '../../helpers/cloud-deps.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/tree', import.meta.url));
const PRIMARY = 'us-east-1';
const SECONDARY = 'eu-west-1';
const bucketOf = (region: string) => `meridian-shop-000000000000-${region}`;
const STACKS = [{ name: 'app', template: 'templates/app.yaml' }];

function bodyOf(text: string): Record<string, unknown> {
  const parsed = parseTemplate(text, 'packaged');
  assert.ok(parsed.ok, 'the packaged template parses');
  return parsed.template.body;
}
const props = (body: Record<string, unknown>, id: string) => (body.Resources as Record<string, { Properties: Record<string, unknown> }>)[id]?.Properties ?? {};
const s3Uri = (uri: unknown) => {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(String(uri));
  assert.ok(m, `an s3:// URI: ${String(uri)}`);
  return { bucket: m[1] ?? '', key: m[2] ?? '' };
};

describe('package: templates and assets into each region\'s bucket (localcloud over HTTP)', () => {
  let cloud: LocalCloud;
  let deps: CloudDeps;
  let work: string;
  let tree: string;
  const results = new Map<string, RegionPackage>();

  const getObject = async (region: string, bucket: string, key: string, versionId?: string) => {
    const { s3 } = deps.pool.clients({ region });
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
    return Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  };
  const pack = (region: string) => packageForRegion(deps, { region }, { rootDir: tree, pipeline: 'shop', bucket: bucketOf(region), stacks: STACKS, endpoint: cloud.endpoint });

  before(async () => {
    cloud = await startLocalCloud({ port: 0, latencyMs: 0 });
    deps = cloudDepsFor(cloud.endpoint);
    work = mkdtempSync(join(tmpdir(), 'meridian-pkg-'));
    tree = join(work, 'tree');
    cpSync(FIXTURE, tree, { recursive: true });
    writeFileSync(join(work, 'secret.txt'), 'outside the tree\n');
    // Links in a zipped folder: one inside the tree is followed, one leading out is left out.
    symlinkSync('index.js', join(tree, 'functions/hello/alias.js'));
    symlinkSync(join(work, 'secret.txt'), join(tree, 'functions/hello/leak.txt'));
    symlinkSync(join(work, 'secret.txt'), join(tree, 'templates/linked-out.yaml'));
    for (const region of [PRIMARY, SECONDARY]) results.set(region, await pack(region));
  });
  after(async () => {
    await cloud.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates one versioned, encrypted bucket per region', async () => {
    for (const region of [PRIMARY, SECONDARY]) {
      const result = results.get(region);
      assert.equal(result?.bucket, bucketOf(region));
      assert.equal(result?.bucketCreated, true);
      const { s3 } = deps.pool.clients({ region });
      const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucketOf(region) }));
      assert.equal(versioning.Status, 'Enabled');
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucketOf(region) }));
      assert.equal(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    }
    assert.notEqual(results.get(PRIMARY)?.stacks.app?.bucket, results.get(SECONDARY)?.stacks.app?.bucket);
  });

  it('rewrites a Lambda folder to a zip in the region\'s bucket with the folder\'s files', async () => {
    for (const region of [PRIMARY, SECONDARY]) {
      const app = results.get(region)?.stacks.app;
      assert.ok(app);
      const code = props(bodyOf(app.templateBody), 'Hello').Code as { S3Bucket: string; S3Key: string; S3ObjectVersion?: string };
      assert.equal(code.S3Bucket, bucketOf(region));
      assert.match(code.S3Key, /^shop\/app\/[0-9a-f]{64}\.zip$/);
      assert.ok(code.S3ObjectVersion, 'the object version is pinned');
      const zip = await getObject(region, code.S3Bucket, code.S3Key, code.S3ObjectVersion);
      const files = readZip(zip);
      assert.deepEqual(files.map((f) => f.path), ['alias.js', 'index.js', 'lib/greet.js']);
      assert.deepEqual(files[0]?.content, readFileSync(join(tree, 'functions/hello/index.js')));
      assert.deepEqual(files[1]?.content, readFileSync(join(tree, 'functions/hello/index.js')));
    }
  });

  it('uploads single files as they are and leaves S3 values and intrinsics alone', async () => {
    const app = results.get(PRIMARY)?.stacks.app;
    assert.ok(app);
    const body = bodyOf(app.templateBody);
    const script = s3Uri((props(body, 'Job').Command as Record<string, unknown>).ScriptLocation);
    assert.equal(script.bucket, bucketOf(PRIMARY));
    assert.deepEqual(await getObject(PRIMARY, script.bucket, script.key), readFileSync(join(tree, 'scripts/job.py')));
    const flow = props(body, 'Flow').DefinitionS3Location as { Bucket: string; Key: string; Version: string };
    assert.deepEqual(await getObject(PRIMARY, flow.Bucket, flow.Key, flow.Version), readFileSync(join(tree, 'definitions/flow.asl.json')));
    const include = s3Uri(((body.Resources as Record<string, unknown>)['Fn::Transform'] as { Parameters: { Location: string } }).Parameters.Location);
    assert.deepEqual(await getObject(PRIMARY, include.bucket, include.key), readFileSync(join(tree, 'snippets/extra.yaml')));
    assert.deepEqual(props(body, 'Remote').Code, { S3Bucket: 'already-there', S3Key: 'remote.zip' });
    assert.equal(props(body, 'Api').DefinitionUri, 's3://somewhere/api.yaml');
    assert.deepEqual(props(body, 'Remote').Role, { Ref: 'Stage' });
    // YAML stays YAML, short tags and comments included.
    assert.match(app.templateBody, /Role: !Sub arn:aws:iam::\$\{AWS::AccountId\}:role\/hello-\$\{Stage\}/);
    assert.match(app.templateBody, /# a folder: zipped/);
    assert.match(app.templateBody, /Value: !GetAtt Hello\.Arn/);
  });

  it('packages a nested stack recursively and points TemplateURL at it', async () => {
    const app = results.get(SECONDARY)?.stacks.app;
    assert.ok(app);
    const url = String(props(bodyOf(app.templateBody), 'Child').TemplateURL);
    const prefix = `${cloud.endpoint}/${bucketOf(SECONDARY)}/`;
    assert.ok(url.startsWith(prefix), url);
    const child = (await getObject(SECONDARY, bucketOf(SECONDARY), url.slice(prefix.length))).toString('utf8');
    const childBody = bodyOf(child);
    const again = props(childBody, 'Again').Code as { S3Key: string };
    const hello = props(bodyOf(app.templateBody), 'Hello').Code as { S3Key: string };
    assert.equal(again.S3Key, hello.S3Key, 'the same folder is the same object');
    const layer = props(childBody, 'Layer').Content as { S3Bucket: string; S3Key: string };
    assert.deepEqual(readZip(await getObject(SECONDARY, layer.S3Bucket, layer.S3Key)).map((f) => f.path), ['python/shared.py']);
    // A single plain file for Lambda code is zipped (Lambda takes archives only).
    const tool = s3Uri(props(childBody, 'Tool').CodeUri);
    assert.deepEqual(readZip(await getObject(SECONDARY, tool.bucket, tool.key)).map((f) => f.path), ['job.py']);
    assert.deepEqual(
      app.assets.map((a) => `${a.template}:${a.logicalId}.${a.property}`),
      [
        'templates/app.yaml:Hello.Code',
        'templates/nested/child.yaml:Again.Code',
        'templates/nested/child.yaml:Layer.Content',
        'templates/nested/child.yaml:Tool.CodeUri',
        'templates/app.yaml:Child.TemplateURL',
        'templates/app.yaml:Job.Command.ScriptLocation',
        'templates/app.yaml:Flow.DefinitionS3Location',
        'templates/app.yaml:.Resources.Fn::Transform.Parameters.Location',
      ],
    );
    assert.match(child, /Role: !Sub "arn:aws:iam::\$\{AWS::AccountId\}:role\/again-\$\{Stage\}"/);
  });

  it('the uploaded template is the rewritten one, deployable by body', async () => {
    const app = results.get(PRIMARY)?.stacks.app;
    assert.ok(app);
    assert.equal(app.useUrl, false);
    assert.equal(app.bytes, Buffer.byteLength(app.templateBody));
    assert.equal(app.url, `${cloud.endpoint}/${app.bucket}/${app.key}`);
    assert.equal((await getObject(PRIMARY, app.bucket, app.key, app.versionId)).toString('utf8'), app.templateBody);
  });

  it('re-packaging an unchanged tree uploads nothing; one changed file uploads one new asset', async () => {
    const again = await pack(PRIMARY);
    const first = results.get(PRIMARY);
    assert.equal(again.bucketCreated, false);
    assert.equal(again.uploads, 0);
    assert.ok(again.stacks.app?.assets.every((a) => !a.uploaded));
    assert.equal(again.stacks.app?.uploaded, false);
    assert.equal(again.stacks.app?.templateBody, first?.stacks.app?.templateBody);

    writeFileSync(join(tree, 'functions/hello/lib/greet.js'), 'module.exports = { greet: (n) => `hi ${n}` };\n');
    const changed = await pack(PRIMARY);
    const app = changed.stacks.app;
    assert.ok(app);
    const newFiles = app.assets.filter((a) => a.uploaded && a.property !== 'TemplateURL');
    assert.deepEqual(newFiles.map((a) => a.localPath), ['functions/hello']);
    // The templates naming it changed too: the nested one and the top one.
    assert.deepEqual(app.assets.filter((a) => a.uploaded && a.property === 'TemplateURL').map((a) => a.localPath), ['templates/nested/child.yaml']);
    assert.equal(app.uploaded, true);
    assert.equal(changed.uploads, 3);
    assert.notEqual(app.sha256, first?.stacks.app?.sha256);
  });

  it('a cache shared by regions zips a folder once: the second region gets the first region\'s bytes', async () => {
    const cache = createPackageCache();
    const options = (region: string) => ({ rootDir: tree, templatePath: 'templates/app.json', bucket: bucketOf(region), prefix: 'shop/cached', endpoint: cloud.endpoint, cache });
    const first = await packageTemplate(deps, { region: PRIMARY }, options(PRIMARY));
    writeFileSync(join(tree, 'functions/hello/extra.js'), 'added after the first region\n');
    try {
      const second = await packageTemplate(deps, { region: SECONDARY }, options(SECONDARY));
      assert.equal(second.assets[0]?.sha256, first.assets[0]?.sha256, 'served from the cache');
      const fresh = await packageTemplate(deps, { region: SECONDARY }, { ...options(SECONDARY), cache: createPackageCache() });
      assert.notEqual(fresh.assets[0]?.sha256, first.assets[0]?.sha256, 'a new cache sees the new file');
    } finally {
      rmSync(join(tree, 'functions/hello/extra.js'));
    }
  });

  it('keeps JSON as JSON', async () => {
    const out = await packageTemplate(deps, { region: PRIMARY }, { rootDir: tree, templatePath: 'templates/app.json', bucket: bucketOf(PRIMARY), prefix: 'shop/json', endpoint: cloud.endpoint });
    assert.equal(out.format, 'json');
    const body = JSON.parse(out.templateBody) as { Resources: { Api: { Properties: { BodyS3Location: { Bucket: string; Key: string } } } } };
    const loc = body.Resources.Api.Properties.BodyS3Location;
    assert.equal(loc.Bucket, bucketOf(PRIMARY));
    assert.match(loc.Key, /^shop\/json\/[0-9a-f]{64}\.yaml$/);
    assert.match(out.key, /\.json$/);
  });

  it('a template over 51,200 bytes is marked for TemplateURL', async () => {
    const big = `Description: big\nMetadata:\n  Blob: "${'x'.repeat(52_000)}"\nResources:\n  T: { Type: AWS::SNS::Topic }\n`;
    writeFileSync(join(tree, 'templates/big.yaml'), big);
    const out = await packageTemplate(deps, { region: SECONDARY }, { rootDir: tree, templatePath: 'templates/big.yaml', bucket: bucketOf(SECONDARY), prefix: 'shop/big', endpoint: cloud.endpoint });
    assert.equal(out.useUrl, true);
    assert.ok(out.bytes > 51_200);
    assert.equal((await getObject(SECONDARY, out.bucket, out.key)).length, out.bytes);
  });

  const failure = (templatePath: string) => packageTemplate(deps, { region: PRIMARY }, { rootDir: tree, templatePath, bucket: bucketOf(PRIMARY), prefix: 'shop/bad', endpoint: cloud.endpoint });
  const packageError = (code: string, check: (e: PackageError) => void = () => undefined) => (err: unknown) => {
    assert.ok(err instanceof PackageError, String(err));
    assert.equal(err.code, code, err.message);
    check(err);
    return true;
  };

  it('a missing local path names the template file, line and column', async () => {
    await assert.rejects(
      failure('templates/missing.yaml'),
      packageError('PACKAGE_ASSET_NOT_FOUND', (e) => {
        assert.equal(e.location?.file, 'templates/missing.yaml');
        assert.deepEqual(e.location?.range.start, { line: 8, column: 7 });
        assert.match(e.message, /^templates\/missing\.yaml:8:7: PACKAGE_ASSET_NOT_FOUND Broken\.Code: \.\/not-here does not exist/);
      }),
    );
  });

  it('refuses a folder where a file is needed, paths leaving the tree, and nesting cycles', async () => {
    await assert.rejects(failure('templates/folder-for-file.yaml'), packageError('PACKAGE_EXPECTED_FILE', (e) => assert.equal(e.location?.range.start.line, 6)));
    await assert.rejects(failure('templates/outside.yaml'), packageError('PACKAGE_ASSET_OUTSIDE_TREE', (e) => assert.equal(e.location?.range.start.line, 7)));
    await assert.rejects(failure('templates/cycle.yaml'), packageError('PACKAGE_NESTED_CYCLE', (e) => assert.match(e.message, /templates\/cycle\.yaml -> templates\/cycle\.yaml/)));
    await assert.rejects(failure('templates/none.yaml'), packageError('PACKAGE_TEMPLATE_NOT_FOUND'));
    await assert.rejects(failure('templates/linked-out.yaml'), packageError('PACKAGE_ASSET_OUTSIDE_TREE'));
    await assert.rejects(failure('../secret.txt'), packageError('PACKAGE_ASSET_OUTSIDE_TREE'));
  });
});
