// Builds real git repositories in temp folders for the Source tests (no network, no global config).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TestRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes files (path -> content) and commits them as `author`; returns the new sha. */
  commit(files: Record<string, string>, message: string, author?: { name: string; email: string; date?: string }): string;
  remove(): void;
}

const isolatedEnv = (home: string) => ({
  ...process.env,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
  GIT_INDEX_FILE: undefined,
});

export function makeRepo(branch = 'main'): TestRepo {
  const root = mkdtempSync(join(tmpdir(), 'meridian-src-'));
  const dir = join(root, 'repo');
  mkdirSync(dir);
  const env = isolatedEnv(root);
  const run = (args: string[], extra: Record<string, string> = {}) =>
    execFileSync('git', args, { cwd: dir, env: { ...env, ...extra }, encoding: 'utf8' }).trim();
  run(['init', '-q', '-b', branch]);
  run(['config', 'user.name', 'Repo Owner']);
  run(['config', 'user.email', 'owner@example.com']);
  run(['config', 'commit.gpgsign', 'false']);
  return {
    dir,
    git: (...args) => run(args),
    commit(files, message, author) {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      run(['add', '--all']);
      const extra: Record<string, string> = {};
      if (author) {
        extra.GIT_AUTHOR_NAME = author.name;
        extra.GIT_AUTHOR_EMAIL = author.email;
        if (author.date) extra.GIT_AUTHOR_DATE = extra.GIT_COMMITTER_DATE = author.date;
      }
      run(['commit', '-q', '-m', message], extra);
      return run(['rev-parse', 'HEAD']);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
