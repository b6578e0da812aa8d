// Public surface of src/server: `meridian serve` (HTTP API, SSE, webhooks, dashboard, worker,
// notifications) and the user/token administration the CLI shares with it.
export { createMeridianServer } from './server.js';
export type { MeridianServer, ServeOptions, LogLevel } from './server.js';
export { addUserWithToken, issueToken, hashToken, AuthError, ROLES } from './auth.js';
export type { RandomBytes } from './auth.js';
export { githubSignature, handleWebhook, deliveryKey, DEFAULT_REPLAY_WINDOW } from './webhooks.js';
export type { WebhookOutcome, WebhookSource, ReplayWindow } from './webhooks.js';
export { judgePush, lastCommitKey } from './push-policy.js';
export type { PushVerdict } from './push-policy.js';
export { DEFAULT_SESSION_POLICY } from './sessions.js';
export type { SessionPolicy } from './sessions.js';
export { notificationKind, DEFAULT_NOTIFY_RETRY } from './notifications.js';
export type { RetryPolicy, NotificationKind } from './notifications.js';
export type { RunDetail } from './run-details.js';
export type { Timers } from './worker.js';
export { parseS3Url, observeObject } from './s3-trigger.js';
export type { S3TriggerConfig, S3Observation } from './s3-trigger.js';
export { refreshMirror } from './mirror.js';
export type { MirrorOutcome } from './mirror.js';
