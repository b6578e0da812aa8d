/** Process exit codes, a contract with scripts and CI (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  awaitingApproval: 3,
  rejected: 4,
  /** `meridian preview --fail-on-changes`: something would change. */
  changes: 5,
} as const;

/** Bad arguments or configuration: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}
