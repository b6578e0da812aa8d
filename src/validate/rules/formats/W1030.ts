// A Ref to a parameter puts the parameter's value where an id or network is expected: a Default
// of the wrong form fails at deploy time, like a literal would (E1150-E1154).
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';
import { FORMATS, holds } from './id-format.js';

/** a.b.c.d/n with no host bits set (what Python's ipaddress calls a strict IPv4 network). */
export function isIpv4Network(v: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return false;
  const ip = octets.reduce((a, o) => a * 256 + o, 0);
  const hostBits = 2 ** (32 - bits);
  return ip % hostBits === 0;
}

const CIDR_PROPERTIES = new Set(['CidrIp']);

export const W1030 = cfnLintRule({
  id: 'W1030',
  severity: 'warning',
  shortDescription: 'Validate the values that come from a Ref function',
  description: 'Parameter defaults used through Ref have the form the property expects (ids, IPv4 networks).',
  tags: ['functions', 'ref'],
  check(ctx) {
    const params = isRecord(ctx.body.Parameters) ? ctx.body.Parameters : {};
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx)) {
      if (r.type.startsWith('Custom::')) continue;
      // Two path stacks moved in place (inside Properties, and from the root); findings copy them.
      const rel: (string | number)[] = [];
      const abs: (string | number)[] = [...r.path, 'Properties'];
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
          const d = isRecord(p) ? p.Default : undefined;
          // An SSM parameter type's Default names the SSM parameter; its value is only known at deploy time.
          if (typeof d !== 'string' || (isRecord(p) && typeof p.Type === 'string' && p.Type.startsWith('AWS::SSM::'))) return;
          const shown = `{'Ref': '${v.Ref}'}`;
          for (const format of Object.values(FORMATS)) {
            if (holds(format, r.type, rel) && !format.pattern.test(d)) {
              out.push({ path: [...abs, 'Ref'], message: `${shown} is not a '${format.name}' with pattern '${format.pattern.source}' when 'Ref' is resolved` });
            }
          }
          const last = rel[rel.length - 1];
          // Account ids: cfn-lint points at the parameter's Default, where the fix goes.
          if (last === 'AccountId' && !/^[0-9]{12}$/.test(d)) {
            out.push({ path: ['Parameters', v.Ref, 'Default'], message: `${shown} does not match '^[0-9]{12}$' when 'Ref' is resolved at '${abs.join('/')}'` });
          }
          if (typeof last === 'string' && CIDR_PROPERTIES.has(last) && !isIpv4Network(d)) out.push({ path: [...abs, 'Ref'], message: `${shown} is not a 'ipv4-network' when 'Ref' is resolved` });
          return;
        }
        for (const k of Object.keys(v)) {
          const x = v[k];
          if (k === 'Fn::If' && Array.isArray(x)) {
            for (let i = 1; i < x.length; i++) {
              abs.push(k, i);
              visit(x[i]);
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
