// Validate: the validator's library API over every stack template, for every region; the policy in
// meridian.yaml (`validation.failOn`) decides whether the run goes on. Findings are kept with the run.
import { resolve } from 'node:path';
import { atLeast, createValidator, loadPolicyRules, mergeRegionFindings, worstOf, type Finding, type ValidationSettings, type WorstLevel } from '../../validate/index.js';
import { allRegions } from '../engine/stack-order.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';
import { stepKeys } from '../engine/step-keys.js';
import { CONFIG_FILE } from '../engine/run-admission.js';
import { nameTargets } from '../rollout/name-targets.js';
import { pipelineNameFindings } from '../rollout/physical-names.js';
import { configSecretFindings } from '../rollout/config-secrets.js';
import { existingNameCheck } from './validate-names.js';

export interface ValidateResult {
  findings: Pick<Finding, 'file' | 'line' | 'column' | 'ruleId' | 'severity' | 'message'>[];
  worst: WorstLevel;
}

export async function validateStage(ctx: RunContext): Promise<ValidateResult> {
  const failOn = ctx.config.validation.failOn;
  const failing = (r: ValidateResult) => failOn !== 'never' && atLeast(r.worst, failOn);
  const result = await ctx.step(stepKeys.validate(), { stage: 'validate' }, async () => {
    const v = ctx.config.validation;
    const rootDir = await ctx.source.tree();
    const regions = v.regions ?? allRegions(ctx.config);
    const settings: ValidationSettings = {
      // W3002 asks for `aws cloudformation package`; inside the pipeline Meridian packages itself.
      ignore: [...v.ignore, 'W3002'],
      ignorePaths: v.ignorePaths,
      include: v.include,
      severity: v.severity,
      failOn: v.failOn,
      regions,
      ...(v.rulesDir ? { rulesDir: resolve(rootDir, v.rulesDir) } : {}),
      ...(v.guardRules ? { guardRules: resolve(rootDir, v.guardRules) } : {}),
      ...(v.engines ? { engines: v.engines } : {}),
    };
    // Policy as code from the repository itself (rule modules, Guard files).
    const policy = await loadPolicyRules(settings, rootDir);
    for (const note of policy.notes) ctx.log('warn', note, { stage: 'validate' });
    const validator = createValidator({ regions, cwd: rootDir, settings, extraRules: policy.rules });
    const findings: ValidateResult['findings'] = [];
    const seen = new Set<string>();
    for (const stack of ctx.config.stacks) {
      const report = await validator.validateFile(resolve(rootDir, stack.template), regions);
      // A finding of several regions is one finding naming them (the rule reports it once per region).
      for (const f of mergeRegionFindings(report.findings, regions)) {
        // Two stacks of one template report its findings once.
        const id = `${stack.template}\0${f.line}\0${f.column}\0${f.ruleId}\0${f.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        findings.push({ file: stack.template, line: f.line, column: f.column, ruleId: f.ruleId, severity: f.severity, message: f.message });
      }
    }
    // Names two deployments would both claim (and, when asked, names taken in the cloud), before any stack operation.
    const selection = { ignore: settings.ignore ?? [], include: v.include, severity: v.severity };
    const names = pipelineNameFindings(ctx.config, rootDir, { selection });
    if (v.checkExistingNames) {
      const existing = await existingNameCheck(ctx, nameTargets(ctx.config, rootDir), selection);
      names.push(...existing.findings);
      for (const u of existing.unchecked) ctx.log('warn', `M1004 not checked: whether ${u.name} is taken in ${u.region} (${u.reason}); set validation.checkExistingNames: false to stop asking`, { stage: 'validate' });
    }
    for (const f of names) findings.push({ file: f.file, line: f.line, column: f.column, ruleId: f.ruleId, severity: f.severity, message: f.message });
    // NoEcho values written in meridian.yaml (M0002). The checkout's copy is masked in place, so lines hold.
    for (const f of configSecretFindings(ctx.config, rootDir, CONFIG_FILE, selection)) {
      findings.push({ file: f.file, line: f.line, column: f.column, ruleId: f.ruleId, severity: f.severity, message: f.message });
    }
    // Logged inside the step, so a resumed run does not repeat them.
    for (const f of findings) ctx.log(f.severity === 'error' ? 'error' : 'warn', `${f.file}:${f.line}:${f.column}: ${f.ruleId} ${f.message}`, { stage: 'validate' });
    const worst = worstOf(findings);
    return { findings, worst };
  }, (r) => (failing(r) ? { status: 'failed', reason: failureReason(r, failOn) } : r.findings.some((f) => f.severity !== 'info') ? { status: 'warned', reason: `${r.findings.length} finding(s), below failOn=${failOn}` } : { status: 'succeeded' }));
  if (failing(result)) {
    throw new StepFailure('VALIDATION_FAILED', failureReason(result, failOn), { stage: 'validate' });
  }
  return result;
}

/** Why validation fails the run, with the first findings that do (the rest are in the run's view). */
function failureReason(r: ValidateResult, failOn: string): string {
  const worst = r.findings.filter((f) => f.severity === r.worst);
  const first = worst.slice(0, 5).map((f) => `${f.file}:${f.line}:${f.column}: ${f.ruleId} ${f.message}`);
  return `validation found ${worst.length} ${r.worst}(s); policy failOn=${failOn}: ${first.join('; ')}${worst.length > first.length ? '; …' : ''}`;
}
