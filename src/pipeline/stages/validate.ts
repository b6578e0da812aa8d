// Validate: the validator's library API over every stack template, for every region; the policy in
// meridian.yaml (`validation.failOn`) decides whether the run goes on. Findings are kept with the run.
import { resolve } from 'node:path';
import { atLeast, createValidator, loadPolicyRules, worstOf, type Finding, type ValidationSettings, type WorstLevel } from '../../validate/index.js';
import { allRegions } from '../engine/stack-order.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';

export interface ValidateResult {
  findings: Pick<Finding, 'file' | 'line' | 'column' | 'ruleId' | 'severity' | 'message'>[];
  worst: WorstLevel;
}

export async function validateStage(ctx: RunContext): Promise<ValidateResult> {
  const result = await ctx.step('validate', { stage: 'validate' }, async () => {
    const v = ctx.config.validation;
    const regions = v.regions ?? allRegions(ctx.config);
    const settings: ValidationSettings = {
      ignore: v.ignore,
      ignorePaths: v.ignorePaths,
      include: v.include,
      severity: v.severity,
      failOn: v.failOn,
      regions,
      ...(v.rulesDir ? { rulesDir: resolve(ctx.rootDir, v.rulesDir) } : {}),
      ...(v.guardRules ? { guardRules: resolve(ctx.rootDir, v.guardRules) } : {}),
    };
    // Policy as code from the repository itself (rule modules, Guard files).
    const policy = await loadPolicyRules(settings, ctx.rootDir);
    for (const note of policy.notes) ctx.log('warn', note, { stage: 'validate' });
    const validator = createValidator({ regions, cwd: ctx.rootDir, settings, extraRules: policy.rules });
    const findings: ValidateResult['findings'] = [];
    for (const stack of ctx.config.stacks) {
      const report = await validator.validateFile(resolve(ctx.rootDir, stack.template), regions);
      for (const f of report.findings) {
        findings.push({ file: stack.template, line: f.line, column: f.column, ruleId: f.ruleId, severity: f.severity, message: f.message });
      }
    }
    // Logged inside the step, so a resumed run does not repeat them.
    for (const f of findings) ctx.log(f.severity === 'error' ? 'error' : 'warn', `${f.file}:${f.line}:${f.column}: ${f.ruleId} ${f.message}`, { stage: 'validate' });
    const worst = worstOf(findings);
    return { findings, worst };
  });
  const failOn = ctx.config.validation.failOn;
  if (failOn !== 'never' && atLeast(result.worst, failOn)) {
    throw new StepFailure('VALIDATION_FAILED', `validation found ${result.findings.filter((f) => f.severity === result.worst).length} ${result.worst}(s); policy failOn=${failOn}`, { stage: 'validate' });
  }
  return result;
}
