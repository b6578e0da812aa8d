import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { branchHead, checkoutTree, commitsSince, readFileAtCommit, resolveCommit, SourceError } from '../../../src/pipeline/source/index.js';
import { makeRepo, type TestRepo } from './git-fixture.js';

const codeOf = (code: string) => (err: unknown) => err instanceof SourceError && err.code === code;

describe('source: commits', () => {
  let repo: TestRepo;
  let first: string;
  let second: string;
  let third: string;
  const scratch = mkdtempSync(join(tmpdir(), 'meridian-src-out-'));

  before(() => {
    repo = makeRepo();
    first = repo.commit({ 'meridian.yaml': 'pipeline: one\n', 'templates/app.yaml': 'Resources: {}\n' }, 'first commit', {
      name: 'Alice Author',
      email: 'alice@example.com',
      date: '2026-01-02T03:04:05Z',
    });
    repo.git('tag', 'v1');
    second = repo.commit({ 'meridian.yaml': 'pipeline: two\n', 'src/run.sh': '#!/bin/sh\necho hi\n' }, 'second\n\nwith a body line', { name: 'Bob', email: 'bob@example.com' });
    chmodSync(join(repo.dir, 'src', 'run.sh'), 0o755);
    third = repo.commit({ 'notes.txt': 'three\n' }, 'third');
    repo.git('checkout', '-q', '-b', 'feature', first);
    repo.commit({ 'feature.txt': 'f\n' }, 'on feature');
    repo.git('checkout', '-q', 'main');
  });
  after(() => {
    repo.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('resolves a branch to its head with author, committer, message and date', async () => {
    const c = await resolveCommit(repo.dir, 'main');
    assert.equal(c.sha, third);
    assert.equal(c.branch, 'main');
    assert.equal(c.authorName, 'Repo Owner');
    assert.equal(c.authorEmail, 'owner@example.com');
    assert.equal(c.message, 'third');
    assert.match(c.committedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    const head = await resolveCommit(repo.dir, 'HEAD');
    assert.deepEqual([head.sha, head.branch], [third, 'main']);
  });

  it('resolves a tag, a short sha and a file:// URL; a sha names no branch', async () => {
    const tagged = await resolveCommit(pathToFileURL(repo.dir).href, 'v1');
    assert.equal(tagged.sha, first);
    assert.equal(tagged.branch, undefined);
    assert.equal(tagged.authorName, 'Alice Author');
    assert.equal(tagged.authorEmail, 'alice@example.com');
    assert.equal(tagged.committerName, 'Repo Owner');
    assert.equal(tagged.committedAt, '2026-01-02T03:04:05.000Z');
    const short = await resolveCommit(repo.dir, second.slice(0, 10));
    assert.equal(short.sha, second);
    assert.equal(short.message, 'second\n\nwith a body line');
    assert.equal(short.authorEmail, 'bob@example.com');
  });

  it('reports unknown refs, option-like refs and non-repositories with codes naming them', async () => {
    await assert.rejects(resolveCommit(repo.dir, 'no-such-branch'), (err: unknown) => codeOf('SOURCE_UNKNOWN_REF')(err) && /no-such-branch/.test((err as Error).message) && (err as SourceError).repo === repo.dir);
    await assert.rejects(resolveCommit(repo.dir, '--output=/tmp/x'), codeOf('SOURCE_BAD_REF'));
    await assert.rejects(resolveCommit(scratch, 'main'), (err: unknown) => codeOf('SOURCE_NOT_A_REPO')(err) && (err as Error).message.includes(scratch));
    await assert.rejects(resolveCommit(join(scratch, 'missing'), 'main'), codeOf('SOURCE_NOT_A_REPO'));
    await assert.rejects(branchHead(repo.dir, 'v1'), codeOf('SOURCE_UNKNOWN_REF'), 'a tag is not a branch');
  });

  it('says so when the git binary is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = scratch;
    try {
      await assert.rejects(resolveCommit(repo.dir, 'main'), (err: unknown) => codeOf('SOURCE_GIT_FAILED')(err) && (err as SourceError).source === 'system');
    } finally {
      process.env.PATH = path;
    }
  });

  it('reads a file as it was in an older commit, and says when it is absent', async () => {
    assert.equal(await readFileAtCommit(repo.dir, first, 'meridian.yaml'), 'pipeline: one\n');
    assert.equal(await readFileAtCommit(repo.dir, 'main', './meridian.yaml'), 'pipeline: two\n');
    await assert.rejects(readFileAtCommit(repo.dir, first, 'src/run.sh'), (err: unknown) => codeOf('SOURCE_FILE_NOT_FOUND')(err) && /src\/run\.sh/.test((err as Error).message));
  });

  it('lists the branch head and the commits since a sha, oldest first', async () => {
    assert.equal(await branchHead(repo.dir, 'main'), third);
    const feature = await branchHead(repo.dir, 'feature');
    assert.notEqual(feature, third);
    assert.deepEqual((await commitsSince(repo.dir, 'main', first)).map((c) => c.sha), [second, third]);
    assert.deepEqual((await commitsSince(repo.dir, 'main', third)).map((c) => c.sha), []);
    const head = await commitsSince(repo.dir, 'main');
    assert.deepEqual(head.map((c) => [c.sha, c.branch]), [[third, 'main']]);
    const newest = await commitsSince(repo.dir, 'main', first, { limit: 1 });
    assert.deepEqual(newest.map((c) => c.sha), [third]);
    await assert.rejects(commitsSince(repo.dir, 'main', 'f'.repeat(40)), codeOf('SOURCE_UNKNOWN_REF'));
  });

  it('checks out an older commit without touching the repository (status clean, HEAD unchanged)', async () => {
    writeFileSync(join(repo.dir, 'untracked.txt'), 'mine\n');
    const statusBefore = repo.git('status', '--porcelain');
    const headBefore = repo.git('rev-parse', 'HEAD');
    const indexBefore = readFileSync(join(repo.dir, '.git', 'index'));
    const dest = join(scratch, 'tree-1');
    const out = await checkoutTree(repo.dir, first, dest);
    assert.equal(out.sha, first);
    assert.equal(out.files, 2);
    assert.equal(readFileSync(join(dest, 'meridian.yaml'), 'utf8'), 'pipeline: one\n');
    assert.equal(readFileSync(join(dest, 'templates', 'app.yaml'), 'utf8'), 'Resources: {}\n');
    assert.equal(existsSync(join(dest, 'notes.txt')), false);
    assert.equal(existsSync(join(dest, '.git')), false);
    assert.equal(repo.git('rev-parse', 'HEAD'), headBefore);
    assert.equal(repo.git('status', '--porcelain'), statusBefore);
    assert.equal(statusBefore, '?? untracked.txt');
    assert.deepEqual(readFileSync(join(repo.dir, '.git', 'index')), indexBefore);
    assert.equal(readFileSync(join(repo.dir, 'meridian.yaml'), 'utf8'), 'pipeline: two\n');
  });

  it('keeps the executable bit and refuses a non-empty destination or an unknown sha', async () => {
    const dest = join(scratch, 'tree-2');
    // The +x was set after the second commit, so the third commit carries it.
    await checkoutTree(repo.dir, third, dest);
    assert.ok((statSync(join(dest, 'src', 'run.sh')).mode & 0o111) !== 0);
    await assert.rejects(checkoutTree(repo.dir, second, dest), codeOf('SOURCE_CHECKOUT_FAILED'));
    await assert.rejects(checkoutTree(repo.dir, 'e'.repeat(40), join(scratch, 'tree-3')), codeOf('SOURCE_UNKNOWN_REF'));
  });

  it('works on a bare clone', async () => {
    const bare = join(scratch, 'bare.git');
    repo.git('clone', '-q', '--bare', repo.dir, bare);
    assert.equal((await resolveCommit(bare, 'main')).sha, third);
    const dest = join(scratch, 'tree-bare');
    await checkoutTree(bare, 'v1', dest);
    assert.equal(readFileSync(join(dest, 'meridian.yaml'), 'utf8'), 'pipeline: one\n');
  });
});
