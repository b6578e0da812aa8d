// The policy-as-code rules a `validation:` section names: rule modules (rulesDir) and
// CloudFormation Guard rules (guardRules, when a cfn-guard binary is present).
import type { ValidationSettings } from '../settings.js';
import type { Rule } from '../types.js';
import { loadCustomRules } from './custom-rules.js';
import { findCfnGuard, guardRule } from './guard.js';

export interface PolicyRules {
  rules: Rule[];
  /** Why something named was not loaded (e.g. no cfn-guard binary), for the caller to show. */
  notes: string[];
}

/** Loads the rules `settings.rulesDir` and `settings.guardRules` name; pass them as extraRules. */
export async function loadPolicyRules(settings: ValidationSettings, cwd: string = process.cwd()): Promise<PolicyRules> {
  const rules: Rule[] = [];
  const notes: string[] = [];
  if (settings.rulesDir) rules.push(...(await loadCustomRules(settings.rulesDir, cwd)));
  if (settings.guardRules) {
    const binary = findCfnGuard(cwd);
    if (binary) rules.push(guardRule(binary, settings.guardRules));
    else notes.push('no cfn-guard binary found (install @cdklabs/cdk-validator-cfnguard); Guard rules skipped');
  }
  return { rules, notes };
}
