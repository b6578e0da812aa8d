// Which pushed commit may start a run. A webhook's body is signed, but a signed body can be captured
// and sent again, so it only ever asks: the repository's own history decides. A pushed commit runs
// when it is in the repository, on the watched branch, and a descendant of the last commit Meridian
// took up for that branch. Anything else starts nothing and changes no state.
import { execFile } from 'node:child_process';
import type { Store } from '../store/index.js';

/** The server-state key of the last commit the worker took up (ran, or settled as failing) on `branch`. */
export const lastCommitKey = (branch: string): string => `poll:last-commit:${branch}`;

/** The last commit Meridian took up for `branch`: the worker's record, else the newest run's commit. */
export function lastCommitFor(store: Store, branch: string): string | undefined {
  return store.getServerState(lastCommitKey(branch)) ?? store.listRuns({ limit: 1 })[0]?.commit;
}

export type PushVerdict =
  | { kind: 'run' }
  | { kind: 'ignored'; code: 'ALREADY_RUN' | 'NOT_NEWER' | 'NOT_ON_BRANCH'; reason: string }
  | { kind: 'unknown'; code: 'UNKNOWN_COMMIT'; reason: string };

/** Exit code of a read-only git command: 0 yes, 1 no, anything else (128: bad object) an error. */
function gitStatus(repo: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile('git', ['-C', repo, ...args], { timeout: 10_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err) => {
      if (!err) return resolve(0);
      const code = (err as { code?: unknown }).code;
      resolve(typeof code === 'number' ? code : -1);
    });
  });
}

const isAncestor = (repo: string, a: string, b: string) => gitStatus(repo, ['merge-base', '--is-ancestor', a, b]);

/** Says whether `commit`, pushed to `branch`, may start a run, given the last commit taken up. */
export async function judgePush(repo: string, branch: string, commit: string, last: string | undefined): Promise<PushVerdict> {
  const short = commit.slice(0, 12);
  if (commit === last) return { kind: 'ignored', code: 'ALREADY_RUN', reason: `${short} is the last commit Meridian ran for ${branch}` };
  if ((await gitStatus(repo, ['cat-file', '-e', `${commit}^{commit}`])) !== 0) {
    return { kind: 'unknown', code: 'UNKNOWN_COMMIT', reason: `${short} is not a commit in the watched repository; nothing was started or recorded (polling runs the branch head once it arrives)` };
  }
  if ((await isAncestor(repo, commit, `refs/heads/${branch}`)) !== 0) {
    return { kind: 'ignored', code: 'NOT_ON_BRANCH', reason: `${short} is not on ${branch} in the watched repository` };
  }
  if (last !== undefined && (await isAncestor(repo, last, commit)) !== 0) {
    return { kind: 'ignored', code: 'NOT_NEWER', reason: `${short} is not a descendant of ${last.slice(0, 12)}, the last commit Meridian ran for ${branch} (an old or replayed push); a rewritten branch is run by polling or \`meridian run\`` };
  }
  return { kind: 'run' };
}
