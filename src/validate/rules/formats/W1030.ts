// A Ref to a parameter puts the parameter's value where an id or network is expected: a Default
// of the wrong form fails at deploy time, like a literal would (E1150-E1154).
import type { RuleFinding } from '../../types.js';
import { conditionLogic, type Fact } from '../condition-logic.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';
import { constraintAt, isIpv4Network, violations } from '../resources/property-constraints.js';
import { FORMATS, holds, shownPattern } from './id-format.js';

/**
 * The values a Ref to a parameter can stand for, as cfn-lint resolves it: the AllowedValues if
 * any (the Default is one of them), else the Default; and MinValue and MaxValue. Each with where
 * it is written under the parameter.
 */
function candidates(p: Record<string, unknown>): { value: string; where: (string | number)[] }[] {
  const out: { value: string; where: (string | number)[] }[] = [];
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (Array.isArray(p.AllowedValues) && p.AllowedValues.length > 0) {
    p.AllowedValues.forEach((v, i) => scalar(v) && out.push({ value: String(v), where: ['AllowedValues', i] }));
  } else if (scalar(p.Default)) out.push({ value: String(p.Default), where: ['Default'] });
  for (const k of ['MinValue', 'MaxValue']) if (scalar(p[k])) out.push({ value: String(p[k]), where: [k] });
  return out;
}

export const W1030 = cfnLintRule({
  id: 'W1030',
  severity: 'warning',
  shortDescription: 'Validate the values that come from a Ref function',
  description: 'Parameter defaults used through Ref have the form the property expects (ids, IPv4 networks).',
  tags: ['functions', 'ref'],
  check(ctx) {
    const params = isRecord(ctx.body.Parameters) ? ctx.body.Parameters : {};
    const out: RuleFinding[] = [];
    const logic = conditionLogic(ctx.body);
    for (const r of resourcesOf(ctx)) {
      if (r.type.startsWith('Custom::')) continue;
      // Two path stacks moved in place (inside Properties, and from the root); findings copy them.
      const rel: (string | number)[] = [];
      const abs: (string | number)[] = [...r.path, 'Properties'];
      // The resource's own Condition holds wherever its properties are read.
      const facts: Fact[] = typeof r.raw.Condition === 'string' ? [{ name: r.raw.Condition, value: true }] : [];
      const visit = (v: unknown): void => {
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            rel.push(i);
            abs.push(i);
            visit(v[i]);
            rel.pop();
            abs.pop();
          }
          return;
        }
        if (!isRecord(v)) return;
        if (typeof v.Ref === 'string' && Object.keys(v).length === 1) {
          const p = params[v.Ref];
          // An SSM parameter type's Default names the SSM parameter; its value is only known at deploy time.
          if (!isRecord(p) || (typeof p.Type === 'string' && (p.Type.startsWith('AWS::SSM::') || p.Type.startsWith('List<') || p.Type === 'CommaDelimitedList'))) return;
          const shown = `{'Ref': '${v.Ref}'}`;
          for (const { value: d, where } of candidates(p)) {
            // Under `!If [HasX, !Ref X, ...]` with HasX = X is not '', the Default '' never arrives here.
            if (facts.length > 0 && !logic.allowsValue(facts, v.Ref, d)) continue;
            if (where[0] === 'Default') {
              for (const format of Object.values(FORMATS)) {
                if (holds(format, r.type, rel) && !format.pattern.test(d)) {
                  out.push({ path: [...abs, 'Ref'], message: `${shown} is not a '${format.name}' with pattern '${shownPattern(format)}' when 'Ref' is resolved` });
                }
              }
              if (constraintAt(r.type, rel)?.f === 'ipv4-network' && !isIpv4Network(d)) out.push({ path: [...abs, 'Ref'], message: `${shown} is not a 'ipv4-network' when 'Ref' is resolved` });
            }
            // The schema's own constraints: cfn-lint points at the parameter value that breaks them.
            const c = constraintAt(r.type, rel);
            for (const x of c ? violations(c, d, shown) : []) {
              out.push({ path: ['Parameters', v.Ref, ...where], message: `${x.message} when 'Ref' is resolved at '${abs.join('/')}'` });
            }
          }
          return;
        }
        for (const k of Object.keys(v)) {
          const x = v[k];
          if (k === 'Fn::If' && Array.isArray(x)) {
            for (let i = 1; i < x.length; i++) {
              abs.push(k, i);
              if (typeof x[0] === 'string') facts.push({ name: x[0], value: i === 1 });
              visit(x[i]);
              if (typeof x[0] === 'string') facts.pop();
              abs.length -= 2;
            }
          } else if (!k.startsWith('Fn::')) {
            rel.push(k);
            abs.push(k);
            visit(x);
            rel.pop();
            abs.pop();
          }
        }
      };
      visit(r.props);
    }
    return out;
  },
});
