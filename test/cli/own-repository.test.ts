// The README's "Your own repository" steps, exactly as written there (issue 17 item 1): the lines of
// the fenced block after the `test: own-repository` marker run one by one in one bash, starting in a
// copy of this clone, with a temporary npm prefix so nothing global changes. `npm pack` must put
// dist/ in the tarball, `npm install -g` must give a `meridian` that runs outside the clone, and
// `init` on git's default branch, `run` and `approve` must reach a production deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = '<!-- test: own-repository';
// Built, installed or made by runs: the copy gets its own build from `npm pack`, as a user's clone does.
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'generated', '.meridian', 'test-output', 'bench/out']);

/** The command lines of the README block after the marker (comments and blank lines dropped). */
export function readmeSteps(readme: string): string[] {
  const at = readme.indexOf(MARKER);
  assert.ok(at >= 0, 'README has the own-repository marker');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block?.[1], 'a ```sh block follows the marker');
  return block[1]
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

interface Shell {
  run(line: string, timeoutMs: number): Promise<{ code: number; output: string }>;
  close(): void;
}

/** One bash for every line, so `cd` carries over as it does for a person typing them. */
function shell(cwd: string, env: NodeJS.ProcessEnv): Shell {
  const bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  bash.stdout.on('data', (d: Buffer) => (buffer += d.toString()));
  bash.stderr.on('data', (d: Buffer) => (buffer += d.toString()));
  bash.stdin.write('exec 2>&1\n');
  return {
    run(line, timeoutMs) {
      buffer = '';
      const mark = `__STEP_EXIT_${Math.floor(Math.random() * 1e9)}__`;
      bash.stdin.write(`${line}\necho "${mark} $?"\n`);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`"${line}" did not finish in ${timeoutMs / 1000} s:\n${buffer}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const m = new RegExp(`${mark} (\\d+)`).exec(buffer);
          if (!m) return;
          clearInterval(poll);
          clearTimeout(timer);
          resolve({ code: Number(m[1]), output: buffer.slice(0, m.index) });
        }, 100);
      });
    },
    close: () => bash.kill('SIGKILL'),
  };
}

test('the README block parses into the documented steps', () => {
  const steps = readmeSteps(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(steps.some((s) => /^npm pack\b/.test(s)));
  assert.ok(steps.some((s) => /^npm install -g /.test(s)));
  assert.ok(steps.some((s) => /meridian init/.test(s) && /meridian run$/.test(s)));
  assert.ok(steps.some((s) => s.includes('meridian approve <run-id>')));
  assert.ok(steps.every((s) => !s.includes('npx ')), 'outside the clone there is no npx meridian');
});

test("README: install for your own repository, then init, run and approve there", { timeout: 30 * 60_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'meridian-own-repo-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // A copy of this clone's files; node_modules is shared (it is what `npm ci` made).
  const clone = join(root, 'meridian');
  cpSync(ROOT, clone, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(ROOT, src)) });
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  const prefix = join(root, 'npm-prefix');
  mkdirSync(prefix);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_prefix: prefix,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`,
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
    NO_COLOR: '1',
  };
  // A user's git has no init.defaultBranch unless they set one: the test must not depend on ours.
  env.GIT_CONFIG_GLOBAL = join(root, 'gitconfig');
  delete env.MERIDIAN_TEST;
  delete env.CI;
  const sh = shell(clone, env);
  t.after(() => sh.close());

  let runId: string | undefined;
  for (const step of readmeSteps(readFileSync(join(ROOT, 'README.md'), 'utf8'))) {
    const line = step.replace('<run-id>', runId ?? '<run-id>');
    assert.ok(!line.includes('<run-id>'), 'a run id was printed before approve needs it');
    const { code, output } = await sh.run(line, 20 * 60_000);
    const waits = /meridian run$/.test(line);
    assert.equal(code, waits ? 3 : 0, `"${line}" exited ${code}${waits ? ' (3: awaiting approval)' : ''}:\n${output}`);
    if (/^npm pack\b/.test(line)) {
      const tarball = /(meridian-[\d.]+\.tgz)/.exec(output)?.[1];
      assert.ok(tarball && existsSync(join(clone, tarball)), output);
      const list = await sh.run(`tar -tzf ${tarball}`, 60_000);
      for (const file of ['package/bin/meridian.js', 'package/dist/cli/main.bundle.js', 'package/dist/cli/main.js', 'package/examples/shop-infra/meridian.yaml']) {
        assert.ok(list.output.split('\n').includes(file), `${file} is in the tarball`);
      }
      assert.ok(list.output.includes('package/generated/spec/'), 'the resource spec is in the tarball');
      assert.ok(!list.output.includes('package/src/') && !list.output.includes('package/test/'), 'sources and tests stay out');
    }
    if (/^npm install -g /.test(line)) {
      const where = await sh.run('command -v meridian && meridian --version', 60_000);
      assert.equal(where.code, 0, where.output);
      assert.ok(where.output.startsWith(join(prefix, 'bin', 'meridian')), `meridian comes from the temporary prefix:\n${where.output}`);
    }
    if (line.includes('meridian init')) assert.match(output, /source\.branch is (master|main)/);
    runId = /run (r\d{8}T\d{6}-[0-9a-f]{4}) awaits approval/.exec(output)?.[1] ?? runId;
    if (line.includes('meridian approve')) assert.match(output, /■ run \S+ succeeded/);
  }
  assert.ok(runId, 'the run waited for approval');
  const status = await sh.run('meridian status --json', 60_000);
  assert.equal(status.code, 0, status.output);
  const view = JSON.parse(status.output) as { status: string; steps: { stage: string; region?: string; status: string }[] };
  assert.equal(view.status, 'succeeded');
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) assert.ok(view.steps.some((s) => s.stage === 'deploy' && s.region === region && s.status === 'succeeded'), region);
});
