// CloudFormation Guard: detection of the binary, and its JSON report turned into findings.
// The real cfn-guard is not installed here; a stand-in script prints a report of the same shape.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createValidator, findCfnGuard, guardRule } from '../../src/validate/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'meridian-guard-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const REPORT = {
  name: 'stdin',
  status: 'FAIL',
  not_compliant: [
    { Rule: { name: 'S3_BUCKET_VERSIONING_ENABLED', checks: [{ Clause: { Binary: { context: 'x', messages: { custom_message: 'Versioning must be on' }, check: { path: '/Resources/Bucket/Properties' } } } }] } },
  ],
};

test('findCfnGuard: the CDK validator bundle first, then PATH, else nothing', () => {
  assert.equal(findCfnGuard(tmp, ''), undefined);
  const bin = join(tmp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'cfn-guard'), '#!/bin/sh\n');
  assert.equal(findCfnGuard(tmp, bin), join(bin, 'cfn-guard'));
  const bundled = join(tmp, 'node_modules', '@cdklabs', 'cdk-validator-cfnguard', 'bin', process.platform);
  mkdirSync(bundled, { recursive: true });
  writeFileSync(join(bundled, 'cfn-guard'), '#!/bin/sh\n');
  assert.equal(findCfnGuard(tmp, bin), join(bundled, 'cfn-guard'));
});

test('guard failures become G-<rule> findings at the resource', { skip: process.platform === 'win32' ? 'needs a POSIX shell' : false }, () => {
  const fake = join(tmp, 'fake-guard');
  writeFileSync(fake, `#!/bin/sh\ncat > /dev/null\necho '${JSON.stringify(REPORT)}'\nexit 19\n`);
  chmodSync(fake, 0o755);
  const v = createValidator({ discoverConfig: false, extraRules: [guardRule(fake, 'rules.guard')] });
  const report = v.validateText('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n', 't.yaml');
  const g = report.findings.filter((f) => f.source === 'guard');
  assert.deepEqual(g.map((f) => [f.ruleId, f.line, f.message, f.severity]), [['G-S3_BUCKET_VERSIONING_ENABLED', 2, 'Versioning must be on', 'error']]);
});
