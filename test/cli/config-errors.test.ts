// meridian.yaml problems in the user's words (issue 17 item 5): the key or value that was probably
// meant, no raw schema text, region names checked against AWS's, and the escape hatch for new ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig, unknownRegions } from '../../src/pipeline/index.js';
import { isAwsEndpoint, profileFacts } from '../../src/cli/aws-profile.js';
import { pollPolicy } from '../../src/cli/pipeline-session.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = 'pipeline: shop\nregions: { primary: us-east-1, secondaries: [us-west-2] }\nstacks: [{ name: app, template: app.yaml }]\n';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'meridian.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.issues.map((i) => `${i.line}:${i.column} ${i.field}: ${i.message}`);
  }
  return [];
}

test('unknown keys and values say what was meant', () => {
  const found = problems(`${BASE}drift: { onDirft: block }\nvalidation: { failOn: warn }\nrollout: { onFailure: rollbak, maxConcurent: 2 }\n`);
  assert.deepEqual(found, [
    "4:10 drift.onDirft: unknown key 'onDirft' (did you mean 'onDrift'?)",
    "5:15 validation.failOn: must be one of error, warning, never, not 'warn' (did you mean 'warning'?)",
    "6:12 rollout.onFailure: must be one of stop, rollback, not 'rollbak' (did you mean 'rollback'?)",
    "6:32 rollout.maxConcurent: unknown key 'maxConcurent' (did you mean 'maxConcurrent'?)",
  ]);
  // Nothing close: the keys that are allowed there.
  assert.match(problems(`${BASE}drift: { zzz: 1 }\n`).join('\n'), /^4:10 drift\.zzz: unknown key 'zzz'; allowed here: .*onDrift/);
});

test('types in words: true or false, a mapping with its keys, a list; never "Invalid input"', () => {
  const found = problems(`${BASE}approval: { required: nope }\nstage: keep\n`);
  assert.ok(found.includes("4:13 approval.required: must be true or false, not 'nope'"), found.join('\n'));
  assert.ok(found.some((p) => /^5:1 stage: must be a mapping \(keys: retain, suffix.*\), not 'keep'$/.test(p)), found.join('\n'));
  const params = problems(BASE.replace('template: app.yaml }', 'template: app.yaml, parameters: { A: { outptu: { stack: app, name: B } } } }'));
  assert.deepEqual(params.map((p) => p.replace(/^\S+ /, '')), ["stacks[0].parameters.A: unknown key 'outptu' (did you mean 'output'?)"]);
  for (const p of [...found, ...params]) assert.doesNotMatch(p, /Invalid input|Invalid option|expected boolean/);
});

test('cloud: lokal says what is allowed', () => {
  assert.deepEqual(problems(`${BASE}cloud: lokal\n`), ["4:1 cloud: must be aws, local or an endpoint URL such as http://localhost:4566, not 'lokal' (did you mean 'local'?)"]);
  assert.deepEqual(problems(`${BASE}cloud: http://localhost:4566\n`), []);
});

test('regions are checked against the partition; allowUnknownRegions lets a new one through', () => {
  const typo = problems(BASE.replace('[us-west-2]', '[us-east-9]'));
  assert.deepEqual(typo, ["2:46 regions.secondaries[0]: 'us-east-9' is not an AWS region (did you mean 'us-east-1'?); for a region newer than Meridian, set allowUnknownRegions: true"]);
  assert.match(problems(BASE.replace('[us-west-2]', '[cn-north-1]'))[0] ?? '', /cn-north-1 is in the aws-cn partition, but the primary region us-east-1 is in aws/);
  assert.deepEqual(problems(`${BASE.replace('[us-west-2]', '[us-east-9]')}allowUnknownRegions: true\n`), []);
  assert.deepEqual(unknownRegions(['us-east-1', 'mars-1']).length, 1);
});

test('endpoints: anything but AWS is polled fast; a profile endpoint_url is read from the shared config', (t) => {
  assert.equal(isAwsEndpoint('https://cloudformation.us-east-1.amazonaws.com'), true);
  assert.equal(isAwsEndpoint('https://cloudformation.cn-north-1.amazonaws.com.cn'), true);
  for (const url of ['http://localstack:4566', 'http://10.0.0.5:5000', 'http://127.0.0.1:4566', 'https://emulator.example.com']) assert.equal(isAwsEndpoint(url), false, url);
  const dir = mkdtempSync(join(tmpdir(), 'meridian-profile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'config'), '[profile emu]\nregion = us-east-1\nendpoint_url = http://emulator.internal:4566\n[sso-session corp]\nsso_region = us-east-1\n');
  writeFileSync(join(dir, 'credentials'), '[emu]\naws_access_key_id = test\naws_secret_access_key = test\n');
  const facts = profileFacts({ AWS_PROFILE: 'emu', AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
  assert.deepEqual([facts?.found, facts?.endpointUrl, facts?.known], [true, 'http://emulator.internal:4566', ['emu']]);
  // The session polls what the profile points at like an emulator, AWS at its own pace.
  assert.equal(pollPolicy('aws', undefined, facts?.endpointUrl).intervalMs, 50);
  assert.equal(pollPolicy('http://localstack:4566', 'http://localstack:4566', undefined).intervalMs, 50);
  assert.equal(pollPolicy('local', undefined, undefined).intervalMs, 50);
  assert.equal(pollPolicy('aws', undefined, undefined).intervalMs, 5_000);
  assert.equal(pollPolicy('aws', undefined, 'https://cloudformation.eu-west-1.amazonaws.com').intervalMs, 5_000);
});
