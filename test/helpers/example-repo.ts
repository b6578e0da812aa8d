// A real git repository made from examples/shop-infra, for tests that run the pipeline on it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop-infra/', import.meta.url));

export interface Author {
  name: string;
  email: string;
}

/** The commit author of test repositories (so it may not approve its own commits). */
export const DEV: Author = { name: 'Dev Eloper', email: 'dev@example.com' };

/** Runs git in `repo` as `author`; returns its trimmed output. */
export function git(repo: string, args: string[], author: Author = DEV): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email },
  }).trim();
}

/** Writes files (path -> content) into `repo`, creating folders. */
export function writeFiles(repo: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
}

/** Copies the example into `repo`, applies `edit`, and commits it on `main`. */
export function exampleRepo(repo: string, edit: Record<string, string> = {}): string {
  cpSync(EXAMPLE, repo, { recursive: true });
  writeFiles(repo, edit);
  git(repo, ['init', '-q', '-b', 'main']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'initial infrastructure']);
  return repo;
}
