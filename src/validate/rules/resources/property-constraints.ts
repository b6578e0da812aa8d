// Patterns (E3031), item counts (E3032), string lengths (E3033) and number ranges (E3034) of
// resource properties, from the CloudFormation resource provider schemas (derived data, see
// src/validate/data/). One walk per template serves the four rules. Literal values only, each
// Fn::If branch on its own; values other functions compute are not known here (parameter
// values are W1030's, through `constraintAt`).
import type { PropertyConstraint } from '../../data/property-constraint.js';
import { propertyConstraints } from '../../data/reference-data.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { pyRepr } from '../py-repr.js';
import { intrinsicName, isRecord, resourcesOf, usesSam } from '../template-walk.js';

/** E3002 here: a literal that is not the IPv4 network the schema's format asks for. */
export type ConstraintRule = 'E3002' | 'E3031' | 'E3032' | 'E3033' | 'E3034';

/** Types whose Properties are the provider's own, or rewritten before CloudFormation reads them. */
const SKIP = /^(Custom::|AWS::Serverless::|AWS::CloudFormation::CustomResource$)/;

const compiled = new Map<string, RegExp | null>();

/**
 * The schema's pattern as a JavaScript expression; null when it uses what JavaScript cannot
 * read the same way (Python's inline flags, \Z): better no check than a wrong one.
 */
export function patternOf(p: string): RegExp | null {
  let re = compiled.get(p);
  if (re === undefined) {
    re = null;
    if (!/\(\?[aiLmsux]+\)|\\Z|\\A/.test(p)) {
      const posix = posixClasses(p);
      // Without the unicode flag \p{L} would read as the letters "p{L}": such a pattern is
      // JavaScript's only under u (or v, for the POSIX classes spelled as nested sets).
      const tries = posix !== p ? [[posix, 'v']] : /\\[pP]\{/.test(p) ? [[p, 'u']] : [[p, 'u'], [p, '']];
      for (const [source, flags] of tries) {
        try {
          re = new RegExp(source as string, flags);
          break;
        } catch {
          // try without the unicode flag (identity escapes like \_ are errors under it)
        }
      }
    }
    compiled.set(p, re);
  }
  return re;
}

/**
 * Python's regex module knows the POSIX classes \p{Print} and \p{Graph} (printable characters,
 * with or without spaces); JavaScript does not, so they become sets of what they leave out
 * (control, surrogate and unassigned characters; for Graph also white space).
 */
function posixClasses(p: string): string {
  return p.replaceAll('\\p{Print}', '[^\\p{Cc}\\p{Cs}\\p{Cn}]').replaceAll('\\p{Graph}', '[^\\p{Cc}\\p{Cs}\\p{Cn}\\p{White_Space}]');
}

/** The constraint at a property path (`/`-joined names, `*` for list items), if the schema has one. */
export function constraintAt(type: string, rel: readonly (string | number)[]): PropertyConstraint | undefined {
  return propertyConstraints(type)?.[rel.map((p) => (typeof p === 'number' ? '*' : p)).join('/')];
}

/** A value a dynamic reference fills in at deploy time; its text says nothing about the result. */
const dynamic = (v: string): boolean => v.includes('{{resolve:');

/**
 * What Python's ipaddress.IPv4Network accepts (cfn-lint's ipv4-network format): an address, or
 * one with a prefix length and no host bits set; octets without leading zeros. A dotted netmask
 * as prefix is let through unchecked.
 */
export function isIpv4Network(v: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(.*))?$/.exec(v);
  if (!m) return false;
  const octets = m.slice(1, 5) as string[];
  if (octets.some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return false;
  const prefix = m[5];
  if (prefix === undefined) return true;
  if (!/^\d{1,2}$/.test(prefix)) return /^\d{1,3}(\.\d{1,3}){3}$/.test(prefix);
  const bits = Number(prefix);
  if (bits > 32) return false;
  const ip = octets.reduce((a, o) => a * 256 + Number(o), 0);
  return ip % 2 ** (32 - bits) === 0;
}

/** The findings of one value against its constraint (an empty list when it holds). */
export function violations(c: PropertyConstraint, v: unknown, shown: string = pyRepr(v)): { rule: ConstraintRule; message: string }[] {
  const out: { rule: ConstraintRule; message: string }[] = [];
  if (typeof v === 'string' && !dynamic(v)) {
    if (c.p !== undefined && !patternOf(c.p)?.test(v) && patternOf(c.p) !== null) out.push({ rule: 'E3031', message: `${shown} does not match '${c.p}'` });
    if (c.xl !== undefined && v.length > c.xl) out.push({ rule: 'E3033', message: `${shown} is longer than ${c.xl}` });
    if (c.nl !== undefined && v.length < c.nl) out.push({ rule: 'E3033', message: `${shown} is shorter than ${c.nl}` });
  }
  // Numbers may be written as strings; cfn-lint compares what parses as one.
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !dynamic(v) ? Number(v) : NaN;
  if (!Number.isNaN(n)) {
    if (c.n !== undefined && n < c.n) out.push({ rule: 'E3034', message: `${shown} is less than the minimum of ${c.n}` });
    if (c.x !== undefined && n > c.x) out.push({ rule: 'E3034', message: `${shown} is greater than the maximum of ${c.x}` });
  }
  if (Array.isArray(v)) {
    if (c.xi !== undefined && v.length > c.xi) out.push({ rule: 'E3032', message: `expected maximum item count: ${c.xi}, found: ${v.length}` });
    if (c.ni !== undefined && v.length < c.ni) out.push({ rule: 'E3032', message: `expected minimum item count: ${c.ni}, found: ${v.length}` });
  }
  return out;
}

interface Found extends RuleFinding {
  ruleId: ConstraintRule;
}

function walkResource(type: string, props: unknown, abs: (string | number)[], out: Found[]): void {
  const rel: (string | number)[] = [];
  const visit = (v: unknown): void => {
    const fn = intrinsicName(v);
    if (fn === 'Fn::If') {
      const args = (v as Record<string, unknown>)['Fn::If'];
      if (Array.isArray(args) && args.length === 3) {
        for (const i of [1, 2]) {
          abs.push('Fn::If', i);
          visit(args[i]);
          abs.length -= 2;
        }
      }
      return;
    }
    // Another function's result, or AWS::NoValue: not a literal.
    if (fn !== undefined) return;
    if (rel.length > 0) {
      const c = constraintAt(type, rel);
      // A list that holds Fn::If items has as many items as its conditions leave: not counted.
      const counted = !Array.isArray(v) || !v.some((x) => intrinsicName(x) !== undefined);
      if (c && counted) for (const x of violations(c, v)) out.push({ ruleId: x.rule, path: [...abs], message: x.message });
      if (c?.f === 'ipv4-network' && typeof v === 'string' && !dynamic(v) && !isIpv4Network(v)) out.push({ ruleId: 'E3002', path: [...abs], message: `${pyRepr(v)} is not a 'ipv4-network'` });
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        rel.push(i);
        abs.push(i);
        visit(v[i]);
        rel.pop();
        abs.pop();
      }
    } else if (isRecord(v)) {
      for (const k of Object.keys(v)) {
        rel.push(k);
        abs.push(k);
        visit(v[k]);
        rel.pop();
        abs.pop();
      }
    }
  };
  visit(props);
}

const cache = new WeakMap<object, Found[]>();

/** The constraint findings of one rule for this template (the walk runs once per template). */
export function constraintFindings(ctx: RuleContext, rule: ConstraintRule): RuleFinding[] {
  let all = cache.get(ctx.body);
  if (!all) {
    all = [];
    const sam = usesSam(ctx.body);
    for (const r of resourcesOf(ctx)) {
      // cfn-lint leaves the properties of a resource whose logical id is invalid (E3001) unchecked.
      if (SKIP.test(r.type) || (sam && r.type.startsWith('AWS::Serverless::')) || !/^[a-zA-Z0-9]+$/.test(r.id) || !propertyConstraints(r.type)) continue;
      walkResource(r.type, r.raw.Properties, [...r.path, 'Properties'], all);
    }
    cache.set(ctx.body, all);
  }
  return all.filter((f) => f.ruleId === rule).map(({ path, message }) => ({ path, message }));
}
