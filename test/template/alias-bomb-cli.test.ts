// Issue 16 item 1, as a user meets it: the alias bomb in a template (validate, template graph, run)
// and in meridian.yaml (plan, run) ends at once with the alias's line:column, and a run is refused
// (exit 2) before it is recorded, without holding the pipeline lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleRepo, git } from '../helpers/example-repo.js';
import { openStore } from '../../src/store/index.js';
import { aliasBombLines, aliasBombTemplate } from './fixtures/alias-bomb.js';

const CLI = fileURLToPath(new URL('../server/fixtures/cli-from-source.mjs', import.meta.url));
// tsx is found from the project's own folder, so the CLI runs there and is given absolute paths.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function meridian(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // A bomb that got through would take the machine's memory: cap the heap so it fails instead.
    const child = spawn(process.execPath, ['--max-old-space-size=400', '--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A command that never exits fails its test instead of holding the suite.
      timeout: 300_000,
      killSignal: 'SIGKILL',
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The error in `out` names `file` at a line:column where an alias (`*`) stands in `text`. */
function located(text: string, out: string, file: string): void {
  const m = new RegExp(`${file.replace(/[.]/g, '\\.')}:(\\d+):(\\d+):.*alias \\*[a-i]: expanding it takes the document past`).exec(out);
  assert.ok(m, out);
  const line = text.split('\n')[Number(m[1]) - 1] ?? '';
  assert.equal(line[Number(m[2]) - 1], '*', `${m[1]}:${m[2]} is no alias in ${line}`);
}

test('a template alias bomb: validate, template graph and run fail at the alias; the run is refused before it is recorded and frees the lock', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-bomb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = exampleRepo(join(dir, 'repo'), { 'templates/bomb.yaml': aliasBombTemplate() });
  const config = readFileSync(join(repo, 'meridian.yaml'), 'utf8').replace('stacks:\n', 'stacks:\n  - name: shop-bomb\n    template: templates/bomb.yaml\n');
  writeFileSync(join(repo, 'meridian.yaml'), config);
  git(repo, ['commit', '-qam', 'a bomb']);
  const text = aliasBombTemplate();

  const validate = await meridian(['validate', join(repo, 'templates/bomb.yaml')]);
  assert.equal(validate.code, 1, validate.out);
  located(text, validate.out, 'templates/bomb.yaml');

  const graph = await meridian(['template', 'graph', join(repo, 'templates/bomb.yaml')]);
  assert.equal(graph.code, 2, graph.out);
  located(text, graph.out, 'templates/bomb.yaml');

  for (let attempt = 0; attempt < 2; attempt++) {
    // Twice: the second run is not refused by a lock the first one kept.
    const run = await meridian(['run', '--repo', repo]);
    assert.equal(run.code, 2, run.out);
    assert.doesNotMatch(run.out, /RUN_IN_PROGRESS/);
    located(text, run.out, 'templates/bomb.yaml');
  }
  const store = openStore(join(repo, '.meridian', 'state.db'), { now: () => new Date().toISOString() });
  try {
    const runs = store.listRuns({ limit: 10 });
    // A template that cannot be read is the user's to fix: the run is refused before it is recorded.
    assert.deepEqual(runs.map((r) => r.status), []);
    assert.equal(store.lockOwner('pipeline:shop-infra'), undefined);
  } finally {
    store.close();
  }
});

test('a meridian.yaml alias bomb: plan and run fail with a config error at the alias', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-bomb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const example = readFileSync(fileURLToPath(new URL('../../examples/shop-infra/meridian.yaml', import.meta.url)), 'utf8');
  // The anchors hang under `x-` keys after the config; `notifications` aliases the last of them.
  const text = `${example.trimEnd()}\n${aliasBombLines().map((l) => `x-${l}`).join('\n')}\nnotifications: *i\n`;
  const repo = exampleRepo(join(dir, 'repo'), { 'meridian.yaml': text });
  for (const args of [['plan', '--repo', repo], ['run', '--repo', repo]]) {
    const r = await meridian(args);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /CONFIG_INVALID/);
    located(text, r.out, 'meridian.yaml');
  }
});
