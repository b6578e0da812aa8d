// Validating many files on worker threads gives the same report as in one thread.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createValidator, formatText } from '../../src/validate/index.js';
import { splitBySize } from '../../src/validate/parallel.js';

const dir = join(import.meta.dirname, 'fixtures', 'rules');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && !/^E(2|3|6|7)010/.test(f))
  .slice(0, 40)
  .map((f) => join(dir, f));

test('workers: same findings, same order as one thread', async () => {
  const one = await createValidator({ discoverConfig: false, workers: 1 }).validatePaths(files);
  const two = await createValidator({ discoverConfig: false, workers: 2, parallelFromBytes: 0 }).validatePaths(files);
  assert.ok(one.findings.length > 40);
  assert.equal(formatText(two.findings), formatText(one.findings));
  assert.deepEqual(two.files, one.files);
});

test('workers: a walked folder keeps its skipped non-templates and its file order', async () => {
  const root = mkdtempSync(join(tmpdir(), 'meridian-parallel-'));
  try {
    files.slice(0, 20).forEach((f, i) => copyFileSync(f, join(root, `t${String(i).padStart(2, '0')}.yaml`)));
    writeFileSync(join(root, 'ci.yaml'), 'jobs:\n  build:\n    runs-on: ubuntu-latest\n');
    const one = await createValidator({ discoverConfig: false, workers: 1 }).validatePaths([root]);
    const two = await createValidator({ discoverConfig: false, workers: 2, parallelFromBytes: 0 }).validatePaths([root]);
    assert.deepEqual(one.skipped, [join(root, 'ci.yaml')]);
    assert.deepEqual(two.skipped, one.skipped);
    assert.deepEqual(two.files, one.files);
    assert.equal(one.files?.length, 20);
    assert.equal(formatText(two.findings), formatText(one.findings));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('splitBySize: the first group takes its weight more bytes; every item lands once', () => {
  const items = Array.from({ length: 30 }, (_, i) => ({ item: i, bytes: 100 + i }));
  const [first = [], second = []] = splitBySize(items, 2, 1.5);
  const size = (g: number[]) => g.reduce((s, i) => s + 100 + i, 0);
  assert.equal(first.length + second.length, 30);
  assert.deepEqual([...first, ...second].sort((a, b) => a - b), items.map((i) => i.item));
  assert.ok(size(first) > 1.3 * size(second), `${size(first)} vs ${size(second)}`);
});
