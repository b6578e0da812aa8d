// Shapes shared by the rule engine, the rules, the formatters and the CLI.
import type { ParsedTemplate, TemplateModel, TemplatePath } from '../template/index.js';
import type { EngineRun } from './engines/external.js';

export type Severity = 'error' | 'warning' | 'info';
/** Where a rule's id comes from: the reference tool whose id it reuses, Meridian, or the user. */
export type RuleSource = 'cfn-lint' | 'cfn_nag' | 'meridian' | 'custom' | 'guard';

/** A rule's description, as data: what `--list-rules` prints and SARIF's rule table carries. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  shortDescription: string;
  description: string;
  docs: string;
  tags: readonly string[];
  source: RuleSource;
}

/** What a rule reports: a path into the template; the engine turns it into a line and column. */
export interface RuleFinding {
  path: TemplatePath;
  message: string;
  /** Set by rules that report under another id than their own (rare: shared checks). */
  ruleId?: string;
}

/** Everything a rule may look at for one template in one region. */
export interface RuleContext {
  file: string;
  region: string;
  template: ParsedTemplate;
  body: Record<string, unknown>;
  model: TemplateModel;
  /** The absolute folder of the template file (nested templates are found relative to it). */
  dir?: string;
}

export interface Rule extends RuleMeta {
  /** Region-dependent rules run once per region; the others once per template. */
  regional?: boolean;
  check(ctx: RuleContext): RuleFinding[];
}

/** One finding, located in its file. Lines and columns are 1-based; the end is exclusive. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
  path: TemplatePath;
  source: RuleSource;
}

export type WorstLevel = Severity | 'none';

export interface ValidationReport {
  findings: Finding[];
  worst: WorstLevel;
  /** Files that were validated (validatePaths only). */
  files?: string[];
  /** Files that were looked at but are not templates (skipped, not errors). */
  skipped?: string[];
  /** Set when the settings named engines: which ran, which could not and why. */
  engines?: EngineRun[];
}

const RANK: Record<WorstLevel, number> = { none: 0, info: 1, warning: 2, error: 3 };

/** The most severe level among findings. */
export function worstOf(findings: readonly { severity: Severity }[]): WorstLevel {
  let worst: WorstLevel = 'none';
  for (const f of findings) if (RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}

/** True when `level` is at least as severe as `threshold`. */
export function atLeast(level: WorstLevel, threshold: Severity): boolean {
  return RANK[level] >= RANK[threshold];
}
