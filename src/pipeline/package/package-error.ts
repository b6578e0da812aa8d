// Errors of the Package stage. Problems in the user's tree name the template file, line and column.
import type { Range } from '../../template/index.js';

export type PackageErrorCode =
  | 'PACKAGE_TEMPLATE_NOT_FOUND'
  | 'PACKAGE_TEMPLATE_INVALID'
  | 'PACKAGE_ASSET_NOT_FOUND'
  | 'PACKAGE_ASSET_OUTSIDE_TREE'
  | 'PACKAGE_EXPECTED_FILE'
  | 'PACKAGE_NESTED_CYCLE'
  | 'PACKAGE_ZIP_TOO_LARGE'
  | 'PACKAGE_TEMPLATE_TOO_LARGE'
  | 'PACKAGE_REWRITE_FAILED';

/** Where in which template a problem is (file relative to the checked-out tree). */
export interface PackageLocation {
  file: string;
  range: Range;
}

/** A Package failure; `location` is set when a template value caused it. */
export class PackageError extends Error {
  readonly source: 'user' | 'system';

  constructor(
    readonly code: PackageErrorCode,
    message: string,
    readonly location?: PackageLocation,
    override readonly cause?: unknown,
  ) {
    // Same shape as template diagnostics, so the CLI prints every template problem alike.
    super(location ? `${location.file}:${location.range.start.line}:${location.range.start.column}: ${code} ${message}` : `${code} ${message}`);
    this.name = 'PackageError';
    this.source = code === 'PACKAGE_REWRITE_FAILED' ? 'system' : 'user';
  }
}
