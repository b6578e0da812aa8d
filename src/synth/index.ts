// Public surface of src/synth: AWS-native emission of a pipeline (Step Functions, CodePipeline).
export { synthesize } from './synth.js';
export { synthWarnings } from './host-gaps.js';
export type { SynthWarning } from './host-gaps.js';
export type { SynthFile, SynthOptions, SynthTarget } from './synth.js';
export { synthPlan } from './plan.js';
export type { SynthPlan, RegionTarget, Wave } from './plan.js';
export { stateMachineDefinition, FUNCTION_ARN, DEPLOYMENT_ROLE } from './state-machine.js';
export type { AslDefinition } from './state-machine.js';
export { stepFunctionsTemplate, FUNCTIONS_ZIP } from './stepfunctions-template.js';
export { codePipelineTemplate } from './codepipeline-template.js';
export { artifactStoreTemplate } from './artifact-store.js';
export { bundleFunctions } from './bundle.js';
export type { FunctionBundle } from './bundle.js';
export { SynthError } from './synth-error.js';
export type { SynthErrorCode } from './synth-error.js';
export type { Template } from './cfn.js';
