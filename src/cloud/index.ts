// Public surface of src/cloud: the AWS adapter over SDK v3 (also used against localcloud and LocalStack).
export { createClientPool } from './clients.js';
export type { ClientPool, ClientPoolOptions, CloudTarget, Credentials, RegionClients } from './clients.js';
export { CloudError, pollUntil, send } from './cloud-deps.js';
export type { CloudDeps, PollSettings } from './cloud-deps.js';
export { DEFAULT_RETRY_POLICY, TRANSIENT_CODES, errorCode, isRetryable, retryPolicy, withRetry } from './retry-policy.js';
export type { RetryDeps, RetryPolicy } from './retry-policy.js';
export { NO_CHANGE_CHANGE_SET, NO_UPDATES, isFailedStatus, isInProgress, isNoChangeMessage } from './stack-status.js';
export { deleteStack, describeStack, getStackTemplate, isMissingStack, newestEventId, recentEvents, waitForStack } from './stacks.js';
export type { ResourceEvent, StackOperationResult, StackSummary } from './stacks.js';
export { createChangeSet, discardChangeSet, executeChangeSet } from './change-sets.js';
export type { ChangeSetRequest, ChangeSetResult, ResourceChange, TemplateSource } from './change-sets.js';
export { detectDrift } from './drift.js';
export type { DriftReport, PropertyDifference, ResourceDrift } from './drift.js';
export { artifactBucketName, ensureArtifactBucket, putArtifact, sha256 } from './artifacts.js';
export type { StoredArtifact } from './artifacts.js';
export { getParameter, putParameter } from './parameters.js';
export { callerAccount } from './identity.js';
