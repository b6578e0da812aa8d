// `meridian synth` through the CLI: files land in --out, the bundle holds the functions, their copy
// of meridian.yaml and the resource spec, and a bad configuration is a usage error (exit 2).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { unzip } from '../../src/synth/lambda/unzip.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop-infra/meridian.yaml', import.meta.url));

describe('synth: CLI', () => {
  const out = mkdtempSync(join(tmpdir(), 'meridian-synth-cli-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('synth stepfunctions writes the templates and the bundled functions', async () => {
    const code = await main(['synth', 'stepfunctions', '--config', EXAMPLE, '--out', join(out, 'sf')]);
    assert.equal(code, 0);
    for (const f of ['stepfunctions.template.json', 'state-machine.asl.json', 'artifact-store.template.json']) assert.ok(existsSync(join(out, 'sf', f)), f);
    const files = unzip(readFileSync(join(out, 'sf', 'lambda/meridian-functions.zip')));
    assert.ok((files.get('index.mjs')?.length ?? 0) > 100_000);
    assert.equal(JSON.parse(files.get('config.json')?.toString('utf8') ?? '{}').pipeline, 'shop-infra');
    assert.ok(files.has('spec/index.json'));
  });

  it('synth codepipeline --no-bundle writes the templates only', async () => {
    const code = await main(['synth', 'codepipeline', '--config', EXAMPLE, '--out', join(out, 'cp'), '--no-bundle']);
    assert.equal(code, 0);
    const t = JSON.parse(readFileSync(join(out, 'cp', 'codepipeline.template.json'), 'utf8'));
    assert.equal(t.Resources.Pipeline.Type, 'AWS::CodePipeline::Pipeline');
    assert.equal(existsSync(join(out, 'cp', 'lambda')), false);
  });

  it('a configuration that cannot be read is a usage error', async () => {
    const bad = join(out, 'bad.yaml');
    writeFileSync(bad, 'pipeline: Not_Valid\n');
    assert.equal(await main(['synth', 'stepfunctions', '--config', bad, '--out', join(out, 'bad'), '--no-bundle']), 2);
    assert.equal(await main(['synth', 'stepfunctions', '--config', join(out, 'missing.yaml'), '--out', join(out, 'bad')]), 2);
  });
});
