// Public surface of src/pipeline/source: commits and trees from a local git repository.
export { resolveCommit, branchHead, commitsSince, readFileAtCommit, committerEmail } from './commits.js';
export type { SourceCommit } from './commits.js';
export { checkoutTree } from './checkout.js';
export type { CheckedOutTree } from './checkout.js';
export { SourceError } from './source-error.js';
export { openRepo } from './git.js';
export type { SourceErrorCode } from './source-error.js';
