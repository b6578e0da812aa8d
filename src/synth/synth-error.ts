// Why a configuration cannot be emitted: a user error with a stable code.
export type SynthErrorCode = 'SYNTH_NAME_TOO_LONG' | 'SYNTH_UNKNOWN_REGION' | 'SYNTH_BUNDLE_FAILED' | 'SYNTH_BUNDLER_MISSING';

export class SynthError extends Error {
  readonly source = 'user' as const;
  constructor(
    readonly code: SynthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SynthError';
  }
}
