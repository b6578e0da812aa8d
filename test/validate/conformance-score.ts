// Scores the validator against the reference tools' own outputs in ../shared/conformance:
// per rule id, precision and recall on (file, rule id, line), over the tuned set
// (cfn-lint-expected.json) and the wider one it was never tuned on (cfn-lint-expected-more.json),
// and the recall over every finding the reference tools report, implemented rule or not.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createValidator, type Finding, type RuleMeta, type Validator } from '../../src/validate/index.js';

export const CONFORMANCE_DIR = join(process.cwd(), '..', 'shared', 'conformance');

/** The cfn-lint reference sets, in the order they are reported. */
export const LINT_SETS = ['cfn-lint-expected.json', 'cfn-lint-expected-more.json'] as const;

export interface LintExpected {
  rule: string;
  level: string;
  line: number;
  col: number;
  volatile?: boolean;
  message: string;
}
export interface LintEntry {
  file: string;
  kind: string;
  cfnlint_config: string;
  clean_EW: boolean;
  expected: LintExpected[];
}
interface NagEntry {
  file: string;
  file_results: { violations: { id: string; line_numbers: number[] }[] };
}

export interface RuleScore {
  id: string;
  source: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Recall over every reference finding of a set, whether Meridian has the rule or not. */
export interface SetRecall {
  set: string;
  expected: number;
  found: number;
  recall: number;
  /** Reference findings of rules Meridian does not implement, by rule id. */
  unimplemented: Map<string, number>;
}

export interface ConformanceResult {
  scores: RuleScore[];
  /** Error findings from cfn-lint-equivalent rules on templates cfn-lint found clean. */
  cleanErrors: Finding[];
  /** Expected parse failures (E0000) that got no E0000 with a line. */
  missedParseFailures: string[];
  falsePositives: Map<string, string[]>;
  falseNegatives: Map<string, string[]>;
  /** Per cfn-lint set and both together: recall over all E and W findings; then cfn_nag's. */
  recall: SetRecall[];
}

export const conformanceAvailable = (): boolean => existsSync(join(CONFORMANCE_DIR, 'cfn-lint-expected.json'));

const VOLATILE = new Set(['E2531', 'E2533', 'W2531']);

/**
 * Parse errors are scored per file: the line a YAML parser blames for a syntax error differs
 * between parsers (PyYAML names the line where it gave up, `yaml` the one where the bad token
 * starts). Duplicate keys, which both locate exactly, still carry their line in the message.
 */
const lineOf = (id: string, line: number) => (id === 'E0000' ? 0 : line);
const key = (file: string, id: string, line: number) => `${id}\u0000${file}\u0000${lineOf(id, line)}`;

/** Reads one reference set; the wider set is optional (older checkouts of the material). */
export function readLintSet(name: string): LintEntry[] {
  const path = join(CONFORMANCE_DIR, name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LintEntry[]) : [];
}

/** Scored reference findings: E and W, and I where the entry's configuration asked for them. */
export const scoredExpected = (e: LintEntry): LintExpected[] => e.expected.filter((x) => !x.volatile && !VOLATILE.has(x.rule));

/**
 * The validator cfn-lint's run of this entry corresponds to: the repository's `.cfnlintrc`
 * (kept at the root of the entry's template folder) for the aws-cloudformation-templates
 * entries, cfn-lint's defaults (us-east-1) for the others.
 */
export function validatorFor(): (e: LintEntry) => Validator {
  const defaults = createValidator({ cwd: CONFORMANCE_DIR, discoverConfig: false, regions: ['us-east-1'] });
  const byConfig = new Map<string, Validator>();
  return (e) => {
    if (!e.cfnlint_config.startsWith('repo .cfnlintrc')) return defaults;
    const root = e.file.split('/').slice(0, 2).join('/');
    let v = byConfig.get(root);
    if (!v) {
      v = createValidator({ cwd: CONFORMANCE_DIR, configFile: `${root}/.cfnlintrc` });
      byConfig.set(root, v);
    }
    return v;
  };
}

/** Meridian's findings for one reference entry, from the rules scored against cfn-lint. */
export function lintFindings(pick: (e: LintEntry) => Validator, e: LintEntry): Finding[] {
  const text = readFileSync(join(CONFORMANCE_DIR, e.file), 'utf8');
  return pick(e).validateText(text, e.file).findings.filter((f) => f.source === 'cfn-lint' || f.source === 'meridian');
}

/** Runs every conformance template through the validator and scores each implemented rule. */
export function scoreConformance(sets: readonly string[] = LINT_SETS): ConformanceResult {
  const nag = JSON.parse(readFileSync(join(CONFORMANCE_DIR, 'cfn_nag-expected.json'), 'utf8')) as NagEntry[];
  const pick = validatorFor();
  const nagValidator = createValidator({ cwd: CONFORMANCE_DIR, discoverConfig: false, regions: ['us-east-1'] });
  const rules = nagValidator.rules();
  const implemented = new Set(rules.map((r) => r.id));
  const expected = new Set<string>();
  const predicted = new Set<string>();
  const cleanErrors: Finding[] = [];
  const missedParseFailures: string[] = [];
  const recall: SetRecall[] = [];
  const all: SetRecall = { set: 'cfn-lint (both sets)', expected: 0, found: 0, recall: 1, unimplemented: new Map() };

  for (const set of sets) {
    const r: SetRecall = { set, expected: 0, found: 0, recall: 1, unimplemented: new Map() };
    const setExpected: string[] = [];
    for (const e of readLintSet(set)) {
      const findings = lintFindings(pick, e);
      for (const x of scoredExpected(e)) {
        const k = key(e.file, x.rule, x.line);
        expected.add(k);
        if (x.level === 'Error' || x.level === 'Warning') {
          setExpected.push(k);
          if (!implemented.has(x.rule)) bump(r.unimplemented, x.rule);
        }
      }
      for (const f of findings) if (f.source === 'cfn-lint') predicted.add(key(e.file, f.ruleId, f.line));
      if (e.clean_EW) cleanErrors.push(...findings.filter((f) => f.severity === 'error'));
      for (const x of e.expected.filter((x) => x.rule === 'E0000')) {
        if (!findings.some((f) => f.ruleId === 'E0000' && f.line >= 1)) missedParseFailures.push(`${e.file}:${x.line}`);
      }
    }
    addRecall(r, setExpected, predicted);
    addRecall(all, setExpected, predicted);
    for (const [id, n] of r.unimplemented) bump(all.unimplemented, id, n);
    recall.push(r);
  }
  recall.push(finish(all));

  const nagAll: SetRecall = { set: 'cfn_nag-expected.json', expected: 0, found: 0, recall: 1, unimplemented: new Map() };
  const nagExpected: string[] = [];
  for (const e of nag) {
    const text = readFileSync(join(CONFORMANCE_DIR, e.file), 'utf8');
    const findings = nagValidator.validateText(text, e.file).findings.filter((f) => f.source === 'cfn_nag');
    for (const v of e.file_results.violations) {
      for (const line of v.line_numbers) {
        const k = key(e.file, v.id, line);
        expected.add(k);
        nagExpected.push(k);
        if (!implemented.has(v.id)) bump(nagAll.unimplemented, v.id);
      }
    }
    for (const f of findings) predicted.add(key(e.file, f.ruleId, f.line));
  }
  addRecall(nagAll, nagExpected, predicted);
  recall.push(finish(nagAll));
  return { ...tally(rules, expected, predicted), cleanErrors, missedParseFailures, recall };
}

function bump(m: Map<string, number>, id: string, n = 1): void {
  m.set(id, (m.get(id) ?? 0) + n);
}

function addRecall(r: SetRecall, expected: readonly string[], predicted: ReadonlySet<string>): void {
  // A (rule, file, line) reported twice by cfn-lint (two messages on one line) counts once.
  const unique = new Set(expected);
  r.expected += unique.size;
  for (const k of unique) if (predicted.has(k)) r.found++;
  finish(r);
}

function finish(r: SetRecall): SetRecall {
  r.recall = r.expected === 0 ? 1 : r.found / r.expected;
  return r;
}

function tally(rules: RuleMeta[], expected: Set<string>, predicted: Set<string>): Pick<ConformanceResult, 'scores' | 'falsePositives' | 'falseNegatives'> {
  const falsePositives = new Map<string, string[]>();
  const falseNegatives = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, id: string, what: string) => m.set(id, [...(m.get(id) ?? []), what]);
  const byRule = new Map<string, { tp: number; fp: number; fn: number }>();
  const counts = (id: string) => {
    let c = byRule.get(id);
    if (!c) byRule.set(id, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  const idOf = (k: string) => k.slice(0, k.indexOf('\u0000'));
  const where = (k: string) => k.split('\u0000').slice(1).join(':');
  for (const k of predicted) {
    const id = idOf(k);
    if (expected.has(k)) counts(id).tp++;
    else {
      counts(id).fp++;
      push(falsePositives, id, where(k));
    }
  }
  for (const k of expected) {
    if (predicted.has(k)) continue;
    const id = idOf(k);
    counts(id).fn++;
    push(falseNegatives, id, where(k));
  }
  const scores: RuleScore[] = [];
  for (const r of rules.filter((r) => r.source === 'cfn-lint' || r.source === 'cfn_nag')) {
    const { tp, fp, fn } = byRule.get(r.id) ?? { tp: 0, fp: 0, fn: 0 };
    scores.push({ id: r.id, source: r.source, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) });
  }
  return { scores, falsePositives, falseNegatives };
}

/** The per-rule table the conformance test prints. */
export function scoreTable(scores: readonly RuleScore[]): string {
  const rows = scores.map((s) => `${s.id.padEnd(6)} ${s.source.padEnd(8)} tp=${String(s.tp).padStart(3)} fp=${String(s.fp).padStart(3)} fn=${String(s.fn).padStart(3)}  P=${s.precision.toFixed(2)} R=${s.recall.toFixed(2)}`);
  return `${rows.join('\n')}\n`;
}

/** The recall lines: per set, both cfn-lint sets together, cfn_nag; and what is not implemented. */
export function recallTable(recall: readonly SetRecall[]): string {
  return recall
    .map((r) => {
      const missing = [...r.unimplemented].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}(${n})`).join(' ');
      return `${r.set.padEnd(28)} recall ${r.found}/${r.expected} = ${r.recall.toFixed(3)}${missing ? `  not implemented: ${missing}` : ''}`;
    })
    .join('\n');
}
