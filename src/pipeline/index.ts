// Public surface of src/pipeline.
export { parseConfig, loadConfig, ConfigError, ConfigNotFoundError, fieldName } from './config/load-config.js';
export type { ConfigIssue, LoadedConfig } from './config/load-config.js';
export { configSchema } from './config/schema.js';
export type { PipelineConfig, StackConfig, ParameterValue } from './config/schema.js';
export { parseDuration, formatDuration } from './config/durations.js';
export { didYouMean, closest } from './config/suggest.js';
export { unknownRegions, partitionOf } from './config/regions.js';
// Engine: runs, approvals, resume.
export { startRun, continueRun, decide, decideFromCli, resumeRuns, cancelRun, rollbackRun, RunRefused, CONFIG_FILE } from './engine/commands.js';
export type { StartRunOptions, PipelineDeps, CancelOutcome } from './engine/commands.js';
export type { RunOutcome } from './engine/run-pipeline.js';
export { finishRun, runPipeline, withUndo } from './engine/run-pipeline.js';
export { RunContext, StepFailure, BUDGET_EXHAUSTED } from './engine/run-context.js';
export type { EngineDeps, RunSource, StepMeta, StepVerdict } from './engine/run-context.js';
export { OwnershipLost } from './engine/journal.js';
export type { RunJournal, StepWrite } from './engine/journal.js';
export { stepKeys, JOURNAL_VERSION } from './engine/step-keys.js';
export type { StepKey, ApplyPurpose } from './engine/step-keys.js';
export { TargetMismatch, describeTarget } from './engine/run-target.js';
export type { CloudChoice, PinnedTarget } from './engine/run-target.js';
export { STAGES, silentSink } from './engine/events.js';
export type { PipelineEvent, EventSink, StageName } from './engine/events.js';
export { ApprovalRefused, ApproverUnproven, checkApprover, cliApprover, TIMEOUT_APPROVER } from './stages/approval.js';
export type { CliClaim } from './stages/approval.js';
// Server: record a decision now, carry the run on later (continueRun) in the server's worker.
export { recordDecision } from './stages/approval.js';
export { lastApprovedParameter, readRecord } from './record/record-store.js';
export type { ApprovedRecord, RecordedValue, SecretRef } from './record/approved-record.js';
export { stackOrder, allRegions } from './engine/stack-order.js';
export type { StackPreview, PreviewResult } from './stages/preview.js';
export { pipelineDrift } from './stages/drift.js';
export type { DriftStageResult } from './stages/drift.js';
// Source: commits and trees from a local git repository.
export { resolveCommit, branchHead, commitsSince, readFileAtCommit, committerEmail, checkoutTree, SourceError, openRepo } from './source/index.js';
export type { SourceCommit } from './source/index.js';
export { runView, runSummary } from './engine/run-view.js';
export type { RunView, StepView } from './engine/run-view.js';
// Package: `aws cloudformation package` per region.
export { packageTemplate, packageForRegion, createPackageCache, PackageError } from './package/index.js';
export type { PackagedTemplate, PackagedAsset, PackageOptions, RegionPackage, RegionPackageOptions } from './package/index.js';
// Rollout: the plan (waves, regions, stack DAG), accounts, rollback.
export { buildPlan, formatPlan, toleranceCount } from './rollout/plan.js';
export { pipelineNameFindings } from './rollout/physical-names.js';
export { configSecretFindings } from './rollout/config-secrets.js';
export type { PhysicalNameOptions } from './rollout/physical-names.js';
export { nameTargets } from './rollout/name-targets.js';
export { stageRegionOf, stageAccountOf, stageParameterSpecs, stageStacks } from './config/stage-settings.js';
export type { RolloutPlan, PlannedWave, PlannedRegion, PlannedStack } from './rollout/plan.js';
export { accountOf, sessionNameFor } from './rollout/accounts.js';
export type { AccountTarget } from './rollout/accounts.js';
export type { RegionRollback, StackRollback } from './rollout/rollback.js';
export { rollbackRegions } from './rollout/rollback.js';
// Parameter values, shared with the AWS-native functions (src/synth).
export { resolveParameterValues, stackNameFor, parameterSpecs } from './engine/parameter-values.js';
export type { ParameterSource, ParameterValues, StackVariant, ResolveOptions } from './engine/parameter-values.js';
export { writeZip } from './package/index.js';
export type { ZipEntry } from './package/index.js';
// Notification messages, shared by the server and the AWS-native functions.
export { notificationMessages } from './engine/notification-messages.js';
export type { NotificationFacts, NotificationKind, NotificationMessage } from './engine/notification-messages.js';
// The stages and decisions, for the hosts that order them themselves (the AWS-native functions).
export { packageStage, packagedArtifacts, declaredParameters } from './stages/package.js';
export { validateStage } from './stages/validate.js';
export { previewStage } from './stages/preview.js';
export { stageStage, deleteStageStacks, stageRegion } from './stages/stage.js';
export { driftStage, driftDecision, driftReports } from './stages/drift.js';
export type { DriftDecision } from './stages/drift.js';
export { approvalState } from './stages/approval.js';
export type { ApprovalState } from './stages/approval.js';
export { deployRegion, markSkipped } from './stages/deploy.js';
export { recordStage } from './stages/record.js';
export { revertStage } from './stages/revert.js';
export { checkValueReads } from './rollout/check-values.js';
export { deploymentFor } from './engine/stack-deployment.js';
export { writeRecord } from './record/record-store.js';
export { sameRegionDependencies } from './engine/stack-order.js';
export type { ArtifactSet, StackArtifact } from './engine/artifact.js';
// Lifecycle: production previews without a run, orphaned stacks, `meridian destroy`.
export { previewCommit } from './lifecycle/preview-commit.js';
export type { PreviewReport } from './lifecycle/preview-commit.js';
export { findOrphans, orphanLines, regionsToScan, PIPELINE_TAG } from './lifecycle/orphans.js';
export type { Orphan } from './lifecycle/orphans.js';
export { requestDestroy } from './lifecycle/destroy.js';
export type { DestroyOptions, DestroyOutcome } from './lifecycle/destroy.js';
export { DestroyRefused, destroyLines, planDestroy } from './lifecycle/destroy-plan.js';
export type { DestroyPlan, DestroyTarget } from './lifecycle/destroy-plan.js';
export { previewLines } from './stages/preview.js';
export { maskChangeValues } from './stages/preview-values.js';
