// Runs the git binary without a shell. The environment is scrubbed of GIT_DIR and friends so an
// outer git process (a hook, a CI checkout) cannot redirect our commands at another repository.
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceError } from './source-error.js';

const INHERITED_GIT_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_CEILING_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_COMMON_DIR'];

const GIT_TIMEOUT_MS = 5 * 60_000;

/** Output of one git command. */
export interface GitOutput {
  stdout: Buffer;
  stderr: string;
}

/** A failed git command: its exit code and stderr, for mapping to SourceError codes. */
export class GitFailure extends Error {
  constructor(
    readonly exitCode: number | string | undefined,
    readonly stderr: string,
    args: readonly string[],
  ) {
    super(`git ${args.join(' ')} failed (${String(exitCode)}): ${stderr.trim()}`);
  }
}

function gitEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra };
  for (const name of INHERITED_GIT_VARS) if (!(name in extra)) delete env[name];
  return env;
}

/** Runs `git <args>` in `cwd`; rejects with GitFailure on a non-zero exit. */
export function git(cwd: string, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<GitOutput> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      args,
      // Bounded: a git command waiting on a lock or a filter must not hang a run forever.
      { cwd, env: gitEnv(extraEnv), encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true, timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const errText = stderr.toString('utf8');
        if (err) reject(new GitFailure((err as NodeJS.ErrnoException & { code?: number | string }).code, errText, args));
        else resolvePromise({ stdout, stderr: errText });
      },
    );
  });
}

/** A repository given as a path or a file:// URL, as an absolute path. */
export function repoPath(repo: string): string {
  if (/^file:/i.test(repo)) return fileURLToPath(repo);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) {
    throw new SourceError('SOURCE_NOT_A_REPO', `${repo}: only local repositories (a path or a file:// URL) are supported`, repo);
  }
  return isAbsolute(repo) ? repo : resolve(repo);
}

/** Resolves `repo` to a directory git recognises as a repository (work tree or bare), or throws SOURCE_NOT_A_REPO. */
export async function openRepo(repo: string): Promise<string> {
  return (await openRepoDirs(repo)).dir;
}

/** The repository folder and its absolute git directory. */
export async function openRepoDirs(repo: string): Promise<{ dir: string; gitDir: string }> {
  const dir = repoPath(repo);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new SourceError('SOURCE_NOT_A_REPO', `${repo}: no such directory`, repo);
  try {
    const { stdout } = await git(dir, ['rev-parse', '--absolute-git-dir']);
    return { dir, gitDir: stdout.toString('utf8').trim() };
  } catch (err) {
    if (err instanceof GitFailure && err.exitCode === 'ENOENT') {
      throw new SourceError('SOURCE_GIT_FAILED', 'the git binary was not found on PATH', repo, undefined, err);
    }
    throw new SourceError('SOURCE_NOT_A_REPO', `${repo}: not a git repository`, repo, undefined, err);
  }
}

/** Refuses refs that git would read as options or that cannot name anything. */
export function checkRef(repo: string, ref: string): void {
  if (ref === '' || ref.startsWith('-') || /[\0\n\r]/.test(ref)) {
    throw new SourceError('SOURCE_BAD_REF', `${repo}: '${ref}' is not a valid branch, tag or commit`, repo, ref);
  }
}
