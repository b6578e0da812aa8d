import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeZip } from '../../../src/pipeline/package/index.js';
import { readZip } from './read-zip.js';

const python = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;

describe('package: deterministic zip writer', () => {
  const entries = [
    { path: 'src/b.js', content: Buffer.from('exports.b = 2;\n'.repeat(50)) },
    { path: 'index.js', content: Buffer.from('exports.handler = async () => 1;\n') },
    { path: 'bin/bootstrap', content: Buffer.from('#!/bin/sh\n'), executable: true },
    { path: 'empty.txt', content: Buffer.alloc(0) },
    { path: 'random.bin', content: randomBytes(4096) },
    { path: 'ünïcode/名前.txt', content: Buffer.from('utf-8 names\n') },
  ];

  it('writes sorted entries with fixed dates and modes that read back byte for byte', () => {
    const zip = writeZip(entries);
    const read = readZip(zip);
    assert.deepEqual(read.map((e) => e.path), ['bin/bootstrap', 'empty.txt', 'index.js', 'random.bin', 'src/b.js', 'ünïcode/名前.txt']);
    for (const e of read) {
      assert.deepEqual(e.content, entries.find((x) => x.path === e.path)?.content, e.path);
      assert.equal(e.dosDate, (0 << 9) | (1 << 5) | 1, 'dated 1980-01-01');
      assert.equal(e.dosTime, 0);
      assert.equal(e.mode, e.path === 'bin/bootstrap' ? 0o100755 : 0o100644, e.path);
    }
    assert.equal(read.find((e) => e.path === 'src/b.js')?.method, 8, 'text is deflated');
    assert.equal(read.find((e) => e.path === 'random.bin')?.method, 0, 'incompressible data is stored');
  });

  it('gives the same bytes for the same files in any order, different bytes when one changes', () => {
    const a = writeZip(entries);
    const b = writeZip([...entries].reverse());
    assert.deepEqual(a, b);
    const changed = writeZip(entries.map((e) => (e.path === 'index.js' ? { ...e, content: Buffer.from('changed\n') } : e)));
    assert.notDeepEqual(a, changed);
  });

  it('is a valid archive for python zipfile', { skip: python ? false : 'python3 is not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-zip-'));
    try {
      const file = join(dir, 'a.zip');
      writeFileSync(file, writeZip(entries));
      const tested = spawnSync('python3', ['-m', 'zipfile', '-t', file], { encoding: 'utf8' });
      assert.equal(tested.status, 0, tested.stderr);
      const listed = spawnSync('python3', ['-m', 'zipfile', '-l', file], { encoding: 'utf8' });
      assert.match(listed.stdout, /1980-01-01 00:00:00/);
      assert.match(listed.stdout, /src\/b\.js/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
