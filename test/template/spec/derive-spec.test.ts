import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SPEC_DIR } from '../../../src/template/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('derive-spec skips the work when generated/spec is up to date', () => {
  const first = spawnSync(process.execPath, ['scripts/derive-spec.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(first.status, 0, first.stderr);
  const index = join(DEFAULT_SPEC_DIR, 'index.json');
  const before = statSync(index).mtimeMs;
  const second = spawnSync(process.execPath, ['scripts/derive-spec.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, '', 'an up-to-date run prints nothing');
  assert.equal(statSync(index).mtimeMs, before);
});

test('the index names its source and maps every type to a namespace file', () => {
  const index = JSON.parse(readFileSync(join(DEFAULT_SPEC_DIR, 'index.json'), 'utf8')) as {
    format: number;
    source: { package: string; version: string };
    types: Record<string, string>;
  };
  assert.equal(index.format, 2);
  assert.equal(index.source.package, '@aws-cdk/aws-service-spec');
  assert.match(index.source.version, /^\d+\.\d+\.\d+/);
  assert.equal(index.types['AWS::S3::Bucket'], 's3.bucket');
  assert.equal(index.types['Alexa::ASK::Skill'], 'alexa-ask.skill');
  const files = new Set(Object.values(index.types));
  for (const f of files) assert.ok(statSync(join(DEFAULT_SPEC_DIR, `${f}.json`)).size > 0, f);
});
