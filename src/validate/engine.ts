// Runs rules over one parsed template for a set of regions. Rules return paths; positions are
// resolved here, once, from the reader's source map, so every rule points the same way.
import { modelOf, type ParsedTemplate, type TemplateDiagnostic, type TemplatePath } from '../template/index.js';
import { matchesAny } from './settings.js';
import { isSuppressed, resourceSuppressions, templateLevelConfig } from './suppressions.js';
import type { Finding, Rule, RuleContext, RuleFinding, Severity } from './types.js';

/** Which rules are on and how severe they are, after every configuration layer. */
export interface RuleSelection {
  ignore: readonly string[];
  include: readonly string[];
  severity: Readonly<Record<string, Severity>>;
}

/**
 * A rule is on unless ignored (ignoring wins, as in cfn-lint); info-level rules only run when
 * included (include_checks).
 */
export function isEnabled(rule: Pick<Rule, 'id' | 'severity'>, sel: RuleSelection): boolean {
  if (matchesAny(rule.id, sel.ignore)) return false;
  return rule.severity !== 'info' || matchesAny(rule.id, sel.include);
}

/** Findings for a template that could not be read (E0000 and the reader's other codes). */
export function diagnosticFindings(diagnostics: readonly TemplateDiagnostic[]): Finding[] {
  return diagnostics.map((d) => ({
    file: d.file,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    ruleId: d.code,
    severity: 'error',
    message: d.message,
    path: d.path ?? [],
    source: 'cfn-lint',
  }));
}

function runOne(rule: Rule, ctx: RuleContext): RuleFinding[] {
  try {
    return rule.check(ctx);
  } catch (err) {
    // A rule that breaks on an odd template must not hide the other rules' findings (cfn-lint: E0002).
    return [{ ruleId: 'E0002', path: [], message: `Unknown exception while processing rule ${rule.id}: ${(err as Error).message}` }];
  }
}

/** Runs the enabled rules over one template in each region; findings are deduplicated across regions. */
export function runRules(template: ParsedTemplate, rules: readonly Rule[], regions: readonly string[], sel: RuleSelection, dir?: string): Finding[] {
  const body = template.body;
  const model = modelOf(body);
  const meta = templateLevelConfig(body);
  const selection: RuleSelection = { ...sel, ignore: [...sel.ignore, ...meta.ignoreChecks], include: [...sel.include, ...meta.includeChecks] };
  const active = rules.filter((r) => isEnabled(r, selection));
  const suppressions = resourceSuppressions(body);
  const byId = rulesById(rules);
  const seen = new Set<string>();
  const out: Finding[] = [];
  const add = (rule: Rule, f: RuleFinding) => {
    const ruleId = f.ruleId ?? rule.id;
    const owner = byId.get(ruleId) ?? rule;
    if (f.ruleId && f.ruleId !== rule.id && !isEnabled(owner, selection)) return;
    if (isSuppressed(suppressions, ruleId, owner.source, f)) return;
    const key = `${ruleId}\u0000${f.path.join('\u0000')}\u0000${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(locate(template, f.path, ruleId, selection.severity[ruleId] ?? owner.severity, f.message, owner.source));
  };
  const regionList = regions.length > 0 ? regions : ['us-east-1'];
  // One context per region, shared by the rules (they only read it); index loops, since this
  // runs once per rule and template in a process too short for the JIT to optimise it.
  const contexts: RuleContext[] = regionList.map((region) => ({ file: template.file, region, template, body, model, ...(dir ? { dir } : {}) }));
  for (let r = 0; r < active.length; r++) {
    const rule = active[r] as Rule;
    const runIn = rule.regional ? contexts.length : 1;
    for (let c = 0; c < runIn; c++) {
      const found = runOne(rule, contexts[c] as RuleContext);
      for (let i = 0; i < found.length; i++) add(rule, found[i] as RuleFinding);
    }
  }
  return out.sort(compareFindings);
}

const byIdCache = new WeakMap<readonly Rule[], Map<string, Rule>>();

/** The rules by id, indexed once per rule list (a validator keeps one list). */
function rulesById(rules: readonly Rule[]): Map<string, Rule> {
  let byId = byIdCache.get(rules);
  if (!byId) {
    byId = new Map(rules.map((r) => [r.id, r]));
    byIdCache.set(rules, byId);
  }
  return byId;
}

/**
 * cfn-lint has no position for a short-form function (`- !Ref X`) that is an item of a block
 * sequence; it reports the key holding the list. Matching it keeps findings on the same line.
 */
function cfnLintPath(template: ParsedTemplate, path: TemplatePath): TemplatePath {
  // Trailing list indexes after the function (a GetAtt's [0]) belong to the same short-form node.
  let n = path.length;
  while (n > 0 && typeof path[n - 1] === 'number') n--;
  const last = path[n - 1];
  if (n < 3 || typeof last !== 'string' || !/^(Ref|Fn::)/.test(last) || typeof path[n - 2] !== 'number') return path;
  const item = template.sourceMap.value(path.slice(0, n - 1));
  if (!item) return path;
  const line = lineText(template, item.start.line);
  if (line.charAt(item.start.column - 1) !== '!' || !/^\s*-\s*$/.test(line.slice(0, item.start.column - 1))) return path;
  let k = n - 2;
  while (k > 0 && typeof path[k] === 'number') k--;
  // Only when the list hangs from a key written out; under a short-form function (`!Equals`)
  // cfn-lint keeps the item's own position.
  const key = template.sourceMap.key(path.slice(0, k + 1));
  if (!key || lineText(template, key.start.line).charAt(key.start.column - 1) === '!') return path;
  return path.slice(0, k + 1);
}

const lineCache = new WeakMap<ParsedTemplate, string[]>();

/** The text of a 1-based line of the template (split once per template). */
export function lineText(template: ParsedTemplate, line: number): string {
  let lines = lineCache.get(template);
  if (!lines) {
    lines = template.text.split('\n');
    lineCache.set(template, lines);
  }
  return lines[line - 1] ?? '';
}

function locate(template: ParsedTemplate, path: TemplatePath, ruleId: string, severity: Severity, message: string, source: Finding['source']): Finding {
  const r = template.sourceMap.locate(template.format === 'yaml' ? cfnLintPath(template, path) : path);
  return {
    file: template.file,
    line: r.start.line,
    column: r.start.column,
    endLine: r.end.line,
    endColumn: r.end.column,
    ruleId,
    severity,
    message,
    path,
    source,
  };
}

// Code-unit order, not localeCompare: ICU collation cost more than the sorting itself, and the
// order only has to be stable and the same on every machine.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders findings by file, line, column, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return byCodeUnit(a.file, b.file) || a.line - b.line || a.column - b.column || byCodeUnit(a.ruleId, b.ruleId);
}
