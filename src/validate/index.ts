// Public surface of src/validate: lint and security checks for CloudFormation templates with
// cfn-lint and cfn_nag compatible rule ids, and the formatters CI systems read.
export { createValidator } from './validator.js';
export type { Validator, ValidatorOptions } from './validator.js';
export type { Finding, Rule, RuleContext, RuleFinding, RuleMeta, RuleSource, Severity, ValidationReport, WorstLevel } from './types.js';
export { worstOf, atLeast } from './types.js';
export { mergeRegionFindings } from './merge-regions.js';
export { unsupportedRegions } from './region-check.js';
export type { UnsupportedRegion } from './region-check.js';
export type { ValidationSettings, CfnLintConfig } from './settings.js';
export { ConfigError, readCfnLintConfig, findCfnLintConfig } from './config/cfnlintrc.js';
export { formatText, summaryLine } from './format/text.js';
export { formatJson } from './format/json.js';
export { formatSarif } from './format/sarif.js';
export type { SarifOptions } from './format/sarif.js';
export { formatJunit } from './format/junit.js';
export type { JunitOptions } from './format/junit.js';
export { cfnLintRule, cfnNagRule, meridianRule } from './rules/define.js';
export { loadCustomRules, PolicyError } from './policy/custom-rules.js';
export { findCfnGuard, guardRule } from './policy/guard.js';
export { loadPolicyRules } from './policy/load.js';
export type { PolicyRules } from './policy/load.js';
export { ENGINE_NAMES, mergeFindings, parseCfnLintJson, parseCfnNagJson, runExternalEngines } from './engines/external.js';
export type { EngineName, EngineRun, Exec } from './engines/external.js';
export { PHYSICAL_NAME_RULES, physicalNameFindings, existingNameFindings, claimsByKey, nameClaims, namingOf } from './physical-names/index.js';
export type { ExistingName, NameClaim, NameScope, NameSelection, NameTarget, Naming } from './physical-names/index.js';
// meridian.yaml: NoEcho values written in clear (M0002); the pipeline masks the same values in what it stores.
export { clearSecrets, clearSecretFindings } from './pipeline-config/clear-secrets.js';
export type { ClearSecret, NoEchoOf } from './pipeline-config/clear-secrets.js';
export { M0002 } from './rules/meridian/M0002.js';
