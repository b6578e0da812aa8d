// Reads commits of a local repository: what a ref names, who made it, and what came after.
import { checkRef, git, GitFailure, openRepo, repoPath } from './git.js';
import { SourceError } from './source-error.js';

/** One commit as the pipeline records it. */
export interface SourceCommit {
  sha: string;
  /** The branch the ref named, when it named one. */
  branch?: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  /** Full message (subject and body), without the trailing newline. */
  message: string;
  /** Committer date, ISO 8601 in UTC. */
  committedAt: string;
}

// Fields are NUL-separated and `-z` separates commits with NUL too: commit messages cannot contain NUL.
const FIELDS = ['%H', '%an', '%ae', '%cn', '%ce', '%ct', '%B'] as const;
const FORMAT = `--format=${FIELDS.join('%x00')}`;

function parseCommits(out: Buffer, branch: string | undefined): SourceCommit[] {
  const text = out.toString('utf8');
  if (text === '') return [];
  const parts = text.split('\0');
  const commits: SourceCommit[] = [];
  for (let i = 0; i + FIELDS.length <= parts.length; i += FIELDS.length) {
    const [sha, authorName, authorEmail, committerName, committerEmail, seconds, message] = parts.slice(i, i + FIELDS.length) as string[];
    commits.push({
      sha: (sha ?? '').trim(),
      ...(branch !== undefined ? { branch } : {}),
      authorName: authorName ?? '',
      authorEmail: authorEmail ?? '',
      committerName: committerName ?? '',
      committerEmail: committerEmail ?? '',
      message: (message ?? '').replace(/\n+$/, ''),
      committedAt: new Date(Number(seconds) * 1000).toISOString(),
    });
  }
  return commits;
}

/** The sha `ref` names in the open repository `dir`, or undefined. */
async function revParse(dir: string, ref: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return stdout.toString('utf8').trim() || undefined;
  } catch (err) {
    if (err instanceof GitFailure) return undefined;
    throw err;
  }
}

/** The branch HEAD is on; undefined when detached. */
async function currentBranch(dir: string): Promise<string | undefined> {
  try {
    return (await git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.toString('utf8').trim() || undefined;
  } catch (err) {
    if (err instanceof GitFailure) return undefined;
    throw err;
  }
}

async function requireCommit(repo: string, dir: string, ref: string): Promise<string> {
  checkRef(repo, ref);
  const sha = await revParse(dir, ref);
  // HEAD names nothing only on a branch with no commits yet: `git init` + `meridian init`, not yet committed.
  if (!sha && ref === 'HEAD') throw new SourceError('SOURCE_UNKNOWN_REF', `${repo}: no commits yet; commit meridian.yaml and its templates first (git add -A && git commit -m meridian)`, repo, ref);
  if (!sha) throw new SourceError('SOURCE_UNKNOWN_REF', `${repo}: no branch, tag or commit named '${ref}'`, repo, ref);
  return sha;
}

async function logCommits(repo: string, dir: string, args: string[], branch?: string): Promise<SourceCommit[]> {
  try {
    const { stdout } = await git(dir, ['log', '-z', FORMAT, ...args]);
    return parseCommits(stdout, branch);
  } catch (err) {
    throw new SourceError('SOURCE_GIT_FAILED', `${repo}: git log ${args.join(' ')} failed`, repo, args.at(-1), err);
  }
}

/** Resolves a branch, tag or sha of `repo` (a path or file:// URL) to its commit and author. */
export async function resolveCommit(repo: string, ref: string): Promise<SourceCommit> {
  const dir = await openRepo(repo);
  const sha = await requireCommit(repo, dir, ref);
  const branchName = ref === 'HEAD' ? await currentBranch(dir) : ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
  const isBranch = branchName !== undefined && (await revParse(dir, `refs/heads/${branchName}`)) === sha;
  const [commit] = await logCommits(repo, dir, ['-n', '1', sha], isBranch ? branchName : undefined);
  if (!commit) throw new SourceError('SOURCE_UNKNOWN_REF', `${repo}: no commit named '${ref}'`, repo, ref);
  return commit;
}

/** The sha at the tip of `branch` (a local branch of `repo`). */
export async function branchHead(repo: string, branch: string): Promise<string> {
  const dir = await openRepo(repo);
  checkRef(repo, branch);
  const sha = await revParse(dir, `refs/heads/${branch}`);
  if (!sha) throw new SourceError('SOURCE_UNKNOWN_REF', `${repo}: no branch named '${branch}'`, repo, branch);
  return sha;
}

/**
 * The commits on `branch` after `sinceSha`, oldest first, following first parents (one entry per
 * merge, like a deploy log). Without `sinceSha`, just the branch head. If the branch was rewritten
 * so that `sinceSha` is no longer on it, the commits not reachable from `sinceSha` are returned.
 */
export async function commitsSince(repo: string, branch: string, sinceSha?: string, options: { limit?: number } = {}): Promise<SourceCommit[]> {
  const dir = await openRepo(repo);
  const head = await branchHead(repo, branch);
  if (sinceSha === undefined) return logCommits(repo, dir, ['-n', '1', head], branch);
  const since = await requireCommit(repo, dir, sinceSha);
  const limit = options.limit !== undefined ? ['-n', String(Math.max(1, Math.floor(options.limit)))] : [];
  const commits = await logCommits(repo, dir, ['--first-parent', ...limit, `${since}..${head}`], branch);
  return commits.reverse();
}

/** The text of `path` (relative to the repository root) as it is in commit `sha`. */
export async function readFileAtCommit(repo: string, sha: string, path: string): Promise<string> {
  const dir = await openRepo(repo);
  const commit = await requireCommit(repo, dir, sha);
  const inRepo = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  try {
    const { stdout } = await git(dir, ['cat-file', 'blob', `${commit}:${inRepo}`]);
    return stdout.toString('utf8');
  } catch (err) {
    if (err instanceof GitFailure) {
      throw new SourceError('SOURCE_FILE_NOT_FOUND', `${repo}: ${inRepo} does not exist in commit ${commit.slice(0, 12)}`, repo, sha, err);
    }
    throw err;
  }
}

/**
 * The email git would commit with in `repo` (`git var GIT_COMMITTER_IDENT`: GIT_COMMITTER_EMAIL when
 * set, else user.email), or undefined when git has none.
 */
export async function committerEmail(repo: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(repoPath(repo), ['var', 'GIT_COMMITTER_IDENT']);
    const email = /<([^<>]*)>/.exec(stdout.toString('utf8'))?.[1]?.trim();
    return email ? email : undefined;
  } catch (err) {
    // git refuses to make up an identity ("Author identity unknown"): there is none to prove.
    if (err instanceof GitFailure) return undefined;
    throw err;
  }
}
