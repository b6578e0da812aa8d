// The live board as a terminal shows it (issue 17 item 4): `meridian run` on a real pseudo-terminal
// (util-linux `script`) redraws the region board in place; the same run with CI set prints plain
// lines only, with no cursor movement or colour, as CI logs need.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/run-cli.js';

const SCRIPT = '/usr/bin/script';
const skip = existsSync(SCRIPT) ? false : `${SCRIPT} is missing (util-linux)`;
const DEV = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
const REDRAW = /\u001b\[\d+A\u001b\[0J/g;

function repo(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-board-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...DEV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  execFileSync(process.execPath, [BIN, 'init'], { cwd: dir, env: { ...process.env, ...DEV } });
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  return dir;
}

/** `meridian run` with its stdout on a pseudo-terminal of 100 columns; what the terminal received. */
function runOnTerminal(dir: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI' && k !== 'NO_COLOR')) as Record<string, string>;
  const command = `stty cols 100 rows 40; exec "${process.execPath}" "${BIN}" run`;
  const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { cwd: dir, env: { ...base, ...DEV, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000, killSignal: 'SIGKILL' });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

test('on a terminal the board redraws in place; with CI set the same run is plain lines', { skip }, async (t) => {
  const dir = repo(t);
  const live = await runOnTerminal(dir, {});
  assert.equal(live.code, 3, live.out);
  assert.ok((live.out.match(REDRAW) ?? []).length >= 3, 'the board was redrawn in place');
  assert.match(live.out, /\u001b\[3\dm/, 'a terminal gets colour');
  // The board takes the terminal's 100 columns, no more (a longer row would wrap and break the redraw).
  const rows = live.out.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').split(/\r?\n/).filter((l) => /^(us-east-1|us-west-2|eu-west-1) {2,}\S/.test(l));
  assert.ok(rows.length >= 3 && rows.every((r) => r.length <= 100) && rows.some((r) => r.length === 100), rows.map((r) => `${r.length}: ${r}`).join('\n'));

  rmSync(join(dir, '.meridian'), { recursive: true, force: true });
  const ci = await runOnTerminal(dir, { CI: 'true' });
  assert.equal(ci.code, 3, ci.out);
  assert.doesNotMatch(ci.out, /\u001b/, 'no escape sequence at all under CI');
  assert.match(ci.out, /^ {2}succeeded {3}source {4}[0-9a-f]{12} by Dev <dev@example\.com>: init\r?$/m);
  assert.match(ci.out, /awaits approval until /);
});
