// Extracts a commit's tree into a folder without touching the repository's work tree, index or HEAD:
// a throwaway index file (GIT_INDEX_FILE) is filled from the commit and checked out into destDir.
// Chosen over `git archive | tar -x` because archive drops `export-ignore` files, which a deploy needs.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkRef, git, GitFailure, openRepoDirs } from './git.js';
import { SourceError } from './source-error.js';

/** What checkoutTree extracted. */
export interface CheckedOutTree {
  sha: string;
  dir: string;
  /** Files written (git's regular files and symlinks; submodules are not fetched). */
  files: number;
}

/** Writes the tree of commit `sha` of `repo` into `destDir` (created if missing; must be empty). */
export async function checkoutTree(repo: string, sha: string, destDir: string): Promise<CheckedOutTree> {
  const { dir, gitDir } = await openRepoDirs(repo);
  checkRef(repo, sha);
  let commit: string;
  try {
    commit = (await git(dir, ['rev-parse', '--verify', '--quiet', `${sha}^{commit}`])).stdout.toString('utf8').trim();
  } catch (err) {
    if (!(err instanceof GitFailure)) throw err;
    commit = '';
  }
  if (!commit) throw new SourceError('SOURCE_UNKNOWN_REF', `${repo}: no commit named '${sha}'`, repo, sha);
  const dest = resolve(destDir);
  await mkdir(dest, { recursive: true });
  if ((await readdir(dest)).length > 0) {
    throw new SourceError('SOURCE_CHECKOUT_FAILED', `${repo}: cannot check out ${commit.slice(0, 12)} into ${dest}: the folder is not empty`, repo, sha);
  }
  const scratch = await mkdtemp(join(tmpdir(), 'meridian-index-'));
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  // Run from destDir with explicit --git-dir/--work-tree so paths are relative to the tree's root,
  // whichever folder of the repository `repo` named (and for bare repositories too).
  const inDest = (args: string[]) => git(dest, [`--git-dir=${gitDir}`, `--work-tree=${dest}`, ...args], env);
  try {
    await inDest(['read-tree', commit]);
    await inDest(['checkout-index', '--all', '--force']);
    const listed = await inDest(['ls-files', '-z', '--stage']);
    const files = listed.stdout.toString('utf8').split('\0').filter((l) => l !== '' && !l.startsWith('160000')).length;
    return { sha: commit, dir: dest, files };
  } catch (err) {
    throw new SourceError('SOURCE_CHECKOUT_FAILED', `${repo}: checking out ${commit.slice(0, 12)} into ${dest} failed: ${(err as Error).message}`, repo, sha, err);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
