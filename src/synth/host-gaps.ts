// What an AWS-native form leaves out of a meridian.yaml (docs/synth.md, "Where the hosts differ"),
// said when the form is emitted: a safety gate the team configured must never be dropped in silence.
import type { PipelineConfig } from '../pipeline/index.js';
import type { SynthTarget } from './synth.js';

export interface SynthWarning {
  /** The meridian.yaml key the form does not honour. */
  field: string;
  message: string;
}

const tolerant = (t: number | string | undefined) => (typeof t === 'number' ? t > 0 : t !== undefined && Number.parseInt(t, 10) > 0);

/** The settings of `config` that `target` cannot carry out, each with what happens instead. */
export function synthWarnings(config: PipelineConfig, target: SynthTarget): SynthWarning[] {
  const form = target === 'stepfunctions' ? 'the Step Functions form' : 'the CodePipeline form';
  const out: SynthWarning[] = [];
  if (config.rollout.bake) {
    out.push({
      field: 'rollout.bake',
      message: `${form} has no bake gate: each wave starts when the one before ends and no CloudWatch alarm is read between them (run the pipeline with meridian run or meridian serve to keep the gate)`,
    });
  }
  if (target === 'codepipeline') {
    const waveTolerance = (config.rollout.waveSettings ?? []).some((w) => tolerant(w.failureTolerance));
    if (tolerant(config.rollout.failureTolerance) || waveTolerance) {
      out.push({ field: 'rollout.failureTolerance', message: `${form} stops a wave at its first failed action: a failure tolerance above 0 is not honoured` });
    }
    if (config.approval.required && !config.approval.allowSelfApproval) {
      out.push({
        field: 'approval.allowSelfApproval',
        message: `${form} approves through CodePipeline's manual approval, where IAM decides who may approve: the commit's author is not refused (grant codepipeline:PutApprovalResult to approvers only)`,
      });
    }
  }
  return out;
}
