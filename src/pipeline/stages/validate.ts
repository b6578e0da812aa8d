// Validate: the validator's library API over every stack template, for every region; the policy in
// meridian.yaml (`validation.failOn`) decides whether the run goes on. Findings are kept with the run.
import { resolve } from 'node:path';
import { atLeast, createValidator, type Finding } from '../../validate/index.js';
import { allRegions } from '../engine/stack-order.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';

export interface ValidateResult {
  findings: Pick<Finding, 'file' | 'line' | 'column' | 'ruleId' | 'severity' | 'message'>[];
  worst: string;
}

export async function validateStage(ctx: RunContext): Promise<ValidateResult> {
  const result = await ctx.step('validate', { stage: 'validate' }, async () => {
    const v = ctx.config.validation;
    const regions = v.regions ?? allRegions(ctx.config);
    const validator = createValidator({
      regions,
      cwd: ctx.rootDir,
      settings: { ignore: v.ignore, ignorePaths: v.ignorePaths, severity: v.severity, failOn: v.failOn, regions },
    });
    const findings: ValidateResult['findings'] = [];
    for (const stack of ctx.config.stacks) {
      const report = await validator.validateFile(resolve(ctx.rootDir, stack.template), regions);
      for (const f of report.findings) {
        findings.push({ file: stack.template, line: f.line, column: f.column, ruleId: f.ruleId, severity: f.severity, message: f.message });
      }
    }
    // Logged inside the step, so a resumed run does not repeat them.
    for (const f of findings) ctx.log(f.severity === 'error' ? 'error' : 'warn', `${f.file}:${f.line}:${f.column}: ${f.ruleId} ${f.message}`, { stage: 'validate' });
    const worst = findings.reduce<string>((w, f) => (f.severity === 'error' || (f.severity === 'warning' && w !== 'error') ? f.severity : w), 'none');
    return { findings, worst };
  });
  const failOn = ctx.config.validation.failOn;
  if (failOn !== 'never' && result.worst !== 'none' && result.worst !== 'info' && atLeast(result.worst as 'error' | 'warning', failOn)) {
    throw new StepFailure('VALIDATION_FAILED', `validation found ${result.findings.filter((f) => f.severity === result.worst).length} ${result.worst}(s); policy failOn=${failOn}`, { stage: 'validate' });
  }
  return result;
}
