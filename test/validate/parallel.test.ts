// Validating many files on worker threads gives the same report as in one thread.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createValidator, formatText } from '../../src/validate/index.js';

const dir = join(import.meta.dirname, 'fixtures', 'rules');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && !/^E(2|3|6|7)010/.test(f))
  .slice(0, 40)
  .map((f) => join(dir, f));

test('workers: same findings, same order as one thread', async () => {
  const one = await createValidator({ discoverConfig: false, workers: 1 }).validatePaths(files);
  const two = await createValidator({ discoverConfig: false, workers: 2 }).validatePaths(files);
  assert.ok(one.findings.length > 40);
  assert.equal(formatText(two.findings), formatText(one.findings));
  assert.deepEqual(two.files, one.files);
});
