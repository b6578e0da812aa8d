// A command that fails after it started the embedded localcloud stops it and exits: here the state
// database is not one (SQLITE_NOTADB), which used to print the error and then hang with localcloud
// still listening. The error names the file and exits 2 (the user's to fix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleRepo } from '../helpers/example-repo.js';
import { runCli } from '../helpers/run-cli.js';

test('a state database that is not one: run exits 2 naming the file, and localcloud does not keep the process alive', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-session-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = exampleRepo(join(dir, 'repo'));
  mkdirSync(join(repo, '.meridian'), { recursive: true });
  writeFileSync(join(repo, '.meridian', 'state.db'), 'not a database\n');
  for (const args of [['run'], ['status'], ['runs', '--json']]) {
    const r = await runCli([...args, '--repo', repo]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /state\.db: cannot open Meridian's state database \(file is not a database\); move it aside/, args.join(' '));
  }
});
