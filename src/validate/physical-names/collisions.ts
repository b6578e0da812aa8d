// Physical-name analysis across deployments: every pair of deployments (stack x region x account x
// stage/production) that would claim the same name in the same namespace is a finding, before
// anything deploys. Findings honour settings (ignore, severity) and template suppressions like
// every other rule's.
import type { ParsedTemplate, TemplatePath } from '../../template/index.js';
import { isEnabled, type RuleSelection } from '../engine.js';
import { M1001, m1001Message } from '../rules/meridian/M1001.js';
import { M1002, m1002Message } from '../rules/meridian/M1002.js';
import { M1003, m1003Message } from '../rules/meridian/M1003.js';
import { M1004, m1004Message } from '../rules/meridian/M1004.js';
import { isSuppressed, resourceSuppressions, templateLevelConfig, type ResourceSuppressions } from '../suppressions.js';
import type { Finding, Rule } from '../types.js';
import { nameClaims, type NameClaim, type NameTarget } from './claims.js';

/** The rules of the analysis, for rule listings and SARIF's rule table. */
export const PHYSICAL_NAME_RULES: readonly Rule[] = [M1001, M1002, M1003, M1004];

export type NameSelection = Partial<RuleSelection>;

/** Turns claims and messages into located, filtered findings (shared by collisions and the cloud check). */
export function findingsBuilder(selection: NameSelection = {}) {
  const sel: RuleSelection = { ignore: selection.ignore ?? [], include: selection.include ?? [], severity: selection.severity ?? {} };
  const suppressions = new WeakMap<ParsedTemplate, ResourceSuppressions>();
  const suppressionsOf = (t: ParsedTemplate) => {
    let s = suppressions.get(t);
    if (!s) suppressions.set(t, (s = resourceSuppressions(t.body)));
    return s;
  };
  const allowed = (rule: Rule, c: NameClaim) => {
    const body = c.target.template.body;
    if (!isEnabled(rule, { ...sel, ignore: [...sel.ignore, ...templateLevelConfig(body).ignoreChecks] })) return false;
    return !isSuppressed(suppressionsOf(c.target.template), rule.id, rule.source, { path: c.path, message: '' });
  };
  const out: Finding[] = [];
  const seen = new Set<string>();
  return {
    /** Adds a finding at `at` unless any of `claims` suppresses the rule. */
    add(rule: Rule, at: NameClaim, claims: readonly NameClaim[], message: string) {
      if (!claims.every((c) => allowed(rule, c))) return;
      const key = `${rule.id}\u0000${at.target.file}\u0000${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(locate(at.target.template, at.target.file, at.path, rule, sel.severity[rule.id] ?? rule.severity, message));
    },
    findings: () => out,
  };
}

function locate(template: ParsedTemplate, file: string, path: TemplatePath, rule: Rule, severity: Finding['severity'], message: string): Finding {
  const r = template.sourceMap.locate(path);
  return { file, line: r.start.line, column: r.start.column, endLine: r.end.line, endColumn: r.end.column, ruleId: rule.id, severity, message, path, source: rule.source };
}

/** `file:line` of a claim, for a message about another template. */
export const claimAt = (c: NameClaim) => `${c.target.file}:${c.target.template.sourceMap.locate(c.path).start.line}`;

/** True when the targets span more than one account (messages then name accounts). */
export const manyAccounts = (targets: readonly NameTarget[]) => new Set(targets.map((t) => t.account)).size > 1;

/** Every claim of every target, grouped by namespace key, in the targets' order. */
export function claimsByKey(targets: readonly NameTarget[]): Map<string, NameClaim[]> {
  const byKey = new Map<string, NameClaim[]>();
  for (const t of targets) {
    for (const c of nameClaims(t)) {
      const list = byKey.get(c.key);
      if (list) list.push(c);
      else byKey.set(c.key, [c]);
    }
  }
  return byKey;
}

/**
 * Findings for every pair of deployments claiming one name. `targets` come in deployment order
 * (the stage stacks first): of a pair, the first holds the name and the second would fail.
 */
export function physicalNameFindings(targets: readonly NameTarget[], selection: NameSelection = {}): Finding[] {
  const builder = findingsBuilder(selection);
  const withAccount = manyAccounts(targets);
  for (const claims of claimsByKey(targets).values()) {
    for (let i = 0; i < claims.length; i++) {
      for (let j = i + 1; j < claims.length; j++) {
        const a = claims[i] as NameClaim;
        const b = claims[j] as NameClaim;
        // Two resources of one stack with one name: CloudFormation's own validation, not a rollout's.
        if (a.target === b.target) continue;
        if (a.target.variant !== b.target.variant) builder.add(M1002, a, [a, b], m1002Message(a, b, withAccount));
        else if (a.target.stack !== b.target.stack) builder.add(M1003, a, [a, b], m1003Message(a, b, withAccount, claimAt(b)));
        else builder.add(M1001, a, [a, b], m1001Message(a, b, withAccount));
      }
    }
  }
  return builder.findings();
}

/** A claim whose name the cloud says is taken by something its stack does not own. */
export interface ExistingName {
  claim: NameClaim;
}

/** M1004 findings for names found taken in their targets. */
export function existingNameFindings(found: readonly ExistingName[], targets: readonly NameTarget[], selection: NameSelection = {}): Finding[] {
  const builder = findingsBuilder(selection);
  const withAccount = manyAccounts(targets);
  for (const { claim } of found) builder.add(M1004, claim, [claim], m1004Message(claim, withAccount));
  return builder.findings();
}
