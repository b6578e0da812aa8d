// Keeping a mirror current: when the watched repository is a bare clone with an `origin` remote
// (`git clone --mirror https://github.com/org/infra.git`), each check fetches first, so polling and
// webhooks see commits pushed to the hosted repository. Other repositories are left alone.
import { execFile } from 'node:child_process';

const FETCH_TIMEOUT_MS = 120_000;

function git(repo: string, args: string[], timeout = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    // GIT_TERMINAL_PROMPT=0: a server must never hang on a credentials prompt.
    execFile('git', ['-C', repo, ...args], { timeout, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

export type MirrorOutcome = { kind: 'not-a-mirror' } | { kind: 'fetched' } | { kind: 'failed'; message: string };

/** Fetches `origin` into a bare repository; a no-op for working clones and repositories without one. */
export async function refreshMirror(repo: string): Promise<MirrorOutcome> {
  try {
    if ((await git(repo, ['rev-parse', '--is-bare-repository'])) !== 'true') return { kind: 'not-a-mirror' };
    await git(repo, ['remote', 'get-url', 'origin']);
  } catch {
    return { kind: 'not-a-mirror' };
  }
  try {
    await git(repo, ['fetch', '--quiet', '--prune', 'origin'], FETCH_TIMEOUT_MS);
    return { kind: 'fetched' };
  } catch (err) {
    // The message may name the remote URL, which can carry a token: the server's log masks known
    // secrets, and only the first line is kept.
    return { kind: 'failed', message: ((err as Error).message.split('\n')[0] ?? '').slice(0, 300) };
  }
}
