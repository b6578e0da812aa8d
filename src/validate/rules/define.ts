// Factories that fill in the metadata every rule of a family shares (source, docs link).
import type { Rule, RuleContext, RuleFinding, Severity } from '../types.js';

interface RuleSpec {
  id: string;
  severity: Severity;
  shortDescription: string;
  description?: string;
  tags?: readonly string[];
  regional?: boolean;
  check(ctx: RuleContext): RuleFinding[];
}

const build = (spec: RuleSpec, source: Rule['source'], docs: string): Rule => ({
  id: spec.id,
  severity: spec.severity,
  shortDescription: spec.shortDescription,
  description: spec.description ?? spec.shortDescription,
  docs,
  tags: spec.tags ?? [],
  source,
  ...(spec.regional ? { regional: true } : {}),
  check: spec.check,
});

/** A rule equivalent to a cfn-lint rule, under cfn-lint's id. */
export const cfnLintRule = (spec: RuleSpec): Rule =>
  build(spec, 'cfn-lint', `https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md#${spec.id}`);

/** A rule equivalent to a cfn_nag rule, under cfn_nag's id (F: failure -> error, W: warning). */
export const cfnNagRule = (spec: Omit<RuleSpec, 'severity'> & { severity?: Severity }): Rule =>
  build({ ...spec, severity: spec.severity ?? (spec.id.startsWith('F') ? 'error' : 'warning') }, 'cfn_nag', 'https://github.com/stelligent/cfn_nag#rules');

/** A Meridian-only rule (M range). */
export const meridianRule = (spec: RuleSpec): Rule => build(spec, 'meridian', `https://github.com/meridian/meridian/blob/main/docs/validate.md#${spec.id.toLowerCase()}`);
