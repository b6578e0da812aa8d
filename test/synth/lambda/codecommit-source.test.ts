// The CodeCommit form of the source: a commit's tree read folder by folder, written to scratch space,
// with the commit's author (no-self-approval needs it); paths leaving the tree are refused.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CloudDeps } from '../../../src/cloud/index.js';
import type { CodeCommitPort } from '../../../src/synth/lambda/codecommit-source.js';
import { checkout } from '../../../src/synth/lambda/source.js';

const TREE: Record<string, { files: [string, string][]; folders: string[] }> = {
  '/': { files: [['meridian.yaml', 'pipeline: x\n']], folders: ['templates'] },
  templates: { files: [['templates/app.yaml', 'Resources: {}\n']], folders: ['templates/nested'] },
  'templates/nested': { files: [['templates/nested/db.yaml', 'Resources: {}\n']], folders: [] },
};

function fakePort(tree = TREE): CodeCommitPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async folder(repo, commit, path) {
      calls.push(`folder ${repo}@${commit}:${path}`);
      const node = tree[path] ?? { files: [], folders: [] };
      return { files: node.files.map(([p]) => ({ path: p, blobId: `blob:${p}` })), folders: node.folders };
    },
    async blob(_repo, blobId) {
      const path = blobId.slice('blob:'.length);
      const hit = Object.values(tree).flatMap((n) => n.files).find(([p]) => p === path);
      return Buffer.from(hit?.[1] ?? '');
    },
    author: async () => ({ name: 'Dev', email: 'dev@example.com' }),
  };
}

describe('synth: CodeCommit source', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'meridian-cc-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const cloud = {} as CloudDeps; // the S3 form is not used here

  it('reads every folder of the commit and names its author', async () => {
    const port = fakePort();
    const tree = await checkout(cloud, 'us-east-1', scratch, 'exec-1', { kind: 'codecommit', repository: 'shop', commit: 'c0ffee' }, port);
    assert.equal(tree.commit, 'c0ffee');
    assert.deepEqual(tree.author, { name: 'Dev', email: 'dev@example.com' });
    assert.equal(readFileSync(join(tree.dir, 'templates/nested/db.yaml'), 'utf8'), 'Resources: {}\n');
    assert.equal(readFileSync(join(tree.dir, 'meridian.yaml'), 'utf8'), 'pipeline: x\n');
    assert.equal(port.calls.length, 3);
  });

  it('refuses a path that leaves the tree', async () => {
    const port = fakePort({ '/': { files: [['../escape.txt', 'x']], folders: [] } });
    await assert.rejects(checkout(cloud, 'us-east-1', scratch, 'exec-2', { kind: 'codecommit', repository: 'shop', commit: 'c0ffee' }, port), /outside the tree/);
  });

  it('without a CodeCommit reader, a CodeCommit source is refused with a code', async () => {
    await assert.rejects(checkout(cloud, 'us-east-1', scratch, 'exec-3', { kind: 'codecommit', repository: 'shop', commit: 'c0ffee' }), { code: 'SOURCE_UNSUPPORTED' });
  });
});
