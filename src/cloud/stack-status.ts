// CloudFormation stack and change-set status facts, in one place.

export const NO_CHANGE_CHANGE_SET = "The submitted information didn't contain changes. Submit different information to create a change set.";
export const NO_UPDATES = 'No updates are to be performed.';

/** True for both ways AWS says "nothing to do" (an empty change set, an empty UpdateStack). */
export function isNoChangeMessage(text: string | undefined): boolean {
  if (!text) return false;
  return text.includes("didn't contain changes") || text.includes('No updates are to be performed') || text.includes('No changes to deploy');
}

/** An operation is running on the stack. REVIEW_IN_PROGRESS is not one: it waits for a change set forever. */
export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}

const FAILED_TERMINAL = new Set([
  'CREATE_FAILED',
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_ROLLBACK_FAILED',
  'DELETE_FAILED',
  'IMPORT_ROLLBACK_COMPLETE',
  'IMPORT_ROLLBACK_FAILED',
]);

/** A terminal status that means the last operation did not do what was asked. */
export function isFailedStatus(status: string): boolean {
  return FAILED_TERMINAL.has(status);
}

/** Stack statuses that mean "no stack to update": it never finished creating, or it was deleted. */
export function isGoneOrDead(status: string): boolean {
  return status === 'DELETE_COMPLETE' || status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'REVIEW_IN_PROGRESS';
}
