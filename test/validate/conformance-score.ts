// Scores the validator against the reference tools' own outputs in ../shared/conformance:
// per rule id, precision and recall on (file, rule id, line).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createValidator, type Finding, type RuleMeta } from '../../src/validate/index.js';

export const CONFORMANCE_DIR = join(process.cwd(), '..', 'shared', 'conformance');

interface LintEntry {
  file: string;
  kind: string;
  cfnlint_config: string;
  clean_EW: boolean;
  expected: { rule: string; line: number; volatile?: boolean; message: string }[];
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

export interface ConformanceResult {
  scores: RuleScore[];
  /** Error findings from cfn-lint-equivalent rules on templates cfn-lint found clean. */
  cleanErrors: Finding[];
  /** Expected parse failures (E0000) that got no E0000 with a line. */
  missedParseFailures: string[];
  falsePositives: Map<string, string[]>;
  falseNegatives: Map<string, string[]>;
}

export const conformanceAvailable = (): boolean => existsSync(join(CONFORMANCE_DIR, 'cfn-lint-expected.json'));

const VOLATILE = new Set(['E2531', 'E2533', 'W2531']);

/**
 * Parse errors are scored per file: the line a YAML parser blames for a syntax error differs
 * between parsers (PyYAML names the line where it gave up, `yaml` the one where the bad token
 * starts). Duplicate keys, which both locate exactly, still carry their line in the message.
 */
const lineOf = (id: string, line: number) => (id === 'E0000' ? 0 : line);

/** Runs every conformance template through the validator and scores each implemented rule. */
export function scoreConformance(): ConformanceResult {
  const lint = JSON.parse(readFileSync(join(CONFORMANCE_DIR, 'cfn-lint-expected.json'), 'utf8')) as LintEntry[];
  const nag = JSON.parse(readFileSync(join(CONFORMANCE_DIR, 'cfn_nag-expected.json'), 'utf8')) as NagEntry[];
  const defaults = createValidator({ cwd: CONFORMANCE_DIR, discoverConfig: false, regions: ['us-east-1'] });
  const realWorld = createValidator({ cwd: CONFORMANCE_DIR, configFile: 'templates/real-world/.cfnlintrc' });
  const nagValidator = createValidator({ cwd: CONFORMANCE_DIR, discoverConfig: false, regions: ['us-east-1'] });
  const rules = defaults.rules();
  const expected = new Set<string>();
  const predicted = new Set<string>();
  const cleanErrors: Finding[] = [];
  const missedParseFailures: string[] = [];
  const key = (file: string, id: string, line: number) => `${id}\u0000${file}\u0000${lineOf(id, line)}`;

  for (const e of lint) {
    const v = e.kind === 'real-world' ? realWorld : defaults;
    const text = readFileSync(join(CONFORMANCE_DIR, e.file), 'utf8');
    const findings = v.validateText(text, e.file).findings.filter((f) => f.source === 'cfn-lint' || f.source === 'meridian');
    for (const x of e.expected) if (!x.volatile && !VOLATILE.has(x.rule)) expected.add(key(e.file, x.rule, x.line));
    for (const f of findings) if (f.source === 'cfn-lint') predicted.add(key(e.file, f.ruleId, f.line));
    if (e.clean_EW) cleanErrors.push(...findings.filter((f) => f.severity === 'error'));
    for (const x of e.expected.filter((x) => x.rule === 'E0000')) {
      if (!findings.some((f) => f.ruleId === 'E0000' && f.line >= 1)) missedParseFailures.push(`${e.file}:${x.line}`);
    }
  }
  for (const e of nag) {
    const text = readFileSync(join(CONFORMANCE_DIR, e.file), 'utf8');
    const findings = nagValidator.validateText(text, e.file).findings.filter((f) => f.source === 'cfn_nag');
    for (const v of e.file_results.violations) for (const line of v.line_numbers) expected.add(key(e.file, v.id, line));
    for (const f of findings) predicted.add(key(e.file, f.ruleId, f.line));
  }
  return tally(rules, expected, predicted, cleanErrors, missedParseFailures);
}

function tally(rules: RuleMeta[], expected: Set<string>, predicted: Set<string>, cleanErrors: Finding[], missed: string[]): ConformanceResult {
  const falsePositives = new Map<string, string[]>();
  const falseNegatives = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, id: string, what: string) => m.set(id, [...(m.get(id) ?? []), what]);
  const scores: RuleScore[] = [];
  for (const r of rules.filter((r) => r.source === 'cfn-lint' || r.source === 'cfn_nag')) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const k of predicted) {
      if (!k.startsWith(`${r.id}\u0000`)) continue;
      if (expected.has(k)) tp++;
      else {
        fp++;
        push(falsePositives, r.id, k.split('\u0000').slice(1).join(':'));
      }
    }
    for (const k of expected) {
      if (k.startsWith(`${r.id}\u0000`) && !predicted.has(k)) {
        fn++;
        push(falseNegatives, r.id, k.split('\u0000').slice(1).join(':'));
      }
    }
    scores.push({ id: r.id, source: r.source, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) });
  }
  return { scores, cleanErrors, missedParseFailures: missed, falsePositives, falseNegatives };
}

/** The per-rule table the conformance test prints. */
export function scoreTable(scores: readonly RuleScore[]): string {
  const rows = scores.map((s) => `${s.id.padEnd(6)} ${s.source.padEnd(8)} tp=${String(s.tp).padStart(3)} fp=${String(s.fp).padStart(3)} fn=${String(s.fn).padStart(3)}  P=${s.precision.toFixed(2)} R=${s.recall.toFixed(2)}`);
  return `${rows.join('\n')}\n`;
}
