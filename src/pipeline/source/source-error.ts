// Errors of the Source stage; the code tells the caller (and the CLI's exit code) what went wrong.

export type SourceErrorCode =
  | 'SOURCE_NOT_A_REPO'
  | 'SOURCE_UNKNOWN_REF'
  | 'SOURCE_BAD_REF'
  | 'SOURCE_FILE_NOT_FOUND'
  | 'SOURCE_CHECKOUT_FAILED'
  | 'SOURCE_GIT_FAILED';

/** A Source failure naming the repository (and ref) involved. */
export class SourceError extends Error {
  /** Bad input (unknown repo/ref/path) is the user's to fix; a failing git binary is not. */
  readonly source: 'user' | 'system';

  constructor(
    readonly code: SourceErrorCode,
    message: string,
    readonly repo: string,
    readonly ref?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SourceError';
    this.source = code === 'SOURCE_GIT_FAILED' || code === 'SOURCE_CHECKOUT_FAILED' ? 'system' : 'user';
  }
}
