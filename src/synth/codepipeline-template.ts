// `meridian synth codepipeline`: not emitted yet (see docs/synth.md).
import type { Template } from './cfn.js';
import type { SynthPlan } from './plan.js';

export function codePipelineTemplate(plan: SynthPlan): Template {
  return { AWSTemplateFormatVersion: '2010-09-09', Description: `Meridian ${plan.pipeline} on CodePipeline`, Resources: {} };
}
