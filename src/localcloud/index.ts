// Public surface of src/localcloud: the emulator of the AWS APIs Meridian uses.
export { startLocalCloud } from './server.js';
export type { LocalCloud, LocalCloudOptions } from './server.js';
export { openLocalCloud } from './open.js';
export type { OpenedLocalCloud, OpenOptions } from './open.js';
export { DataDirLockedError, LOCK_FILE } from './data-lock.js';
export type { LockHolder } from './data-lock.js';
export { realClock, manualClock } from './clock.js';
export type { ManualClock } from './clock.js';
export { accountForAccessKey, DEFAULT_ACCOUNT } from './accounts.js';
export { AwsError } from './contract.js';
export type { Clock, OperationRecord, S3Port, SsmPort } from './contract.js';
export type { ThrottleRule } from './throttle.js';
export { PUBLIC_IMAGE_PARAMETERS, PUBLIC_PARAMETER_REGIONS, readPublicParameters } from './services/ssm/public-parameters.js';
export type { PublicParameterOverrides } from './services/ssm/public-parameters.js';
