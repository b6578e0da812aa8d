// Security group rules as cfn_nag sees them: inline SecurityGroupIngress/Egress lists of an
// AWS::EC2::SecurityGroup (reported at the group) and standalone AWS::EC2::SecurityGroupIngress
// / Egress resources (reported at themselves).
import type { RuleContext, RuleFinding } from '../../types.js';
import { isRecord, resourcesOf, typePath, type ResourceEntry } from '../template-walk.js';

export interface SgRule {
  direction: 'ingress' | 'egress';
  rule: Record<string, unknown>;
  /** The resource the finding is reported at. */
  owner: ResourceEntry;
}

/** Every security group rule of the template. */
export function securityGroupRules(ctx: RuleContext, atGroup = true): SgRule[] {
  const out: SgRule[] = [];
  for (const r of resourcesOf(ctx, 'AWS::EC2::SecurityGroup')) {
    for (const [key, direction] of [['SecurityGroupIngress', 'ingress'], ['SecurityGroupEgress', 'egress']] as const) {
      const list = r.props[key];
      for (const rule of Array.isArray(list) ? list : isRecord(list) ? [list] : []) if (isRecord(rule)) out.push({ direction, rule, owner: r });
    }
  }
  // A standalone rule of a group in the same template counts as that group's (cfn_nag links them).
  const groups = new Map(resourcesOf(ctx, 'AWS::EC2::SecurityGroup').map((g) => [g.id, g]));
  for (const [type, direction] of [['AWS::EC2::SecurityGroupIngress', 'ingress'], ['AWS::EC2::SecurityGroupEgress', 'egress']] as const) {
    for (const r of resourcesOf(ctx, type)) {
      const group = groupOf(r.props.GroupId);
      out.push({ direction, rule: r.props, owner: (atGroup && group && groups.get(group)) || r });
    }
  }
  return out;
}

/** The logical id a standalone rule's GroupId points at (Ref X or Fn::GetAtt X.GroupId). */
export function groupOf(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  if (typeof v.Ref === 'string') return v.Ref;
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

/** One finding per owning resource with a rule of `direction` that matches `bad`. */
export function flagRules(ctx: RuleContext, direction: SgRule['direction'] | 'any', message: string, bad: (rule: Record<string, unknown>) => boolean, atGroup = true): RuleFinding[] {
  const owners = new Map<string, ResourceEntry>();
  for (const r of securityGroupRules(ctx, atGroup)) if ((direction === 'any' || r.direction === direction) && bad(r.rule)) owners.set(r.owner.id, r.owner);
  return [...owners.values()].map((o) => ({ path: typePath(o), message }));
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

/** A literal port range wider than one port. */
export const isPortRange = (rule: Record<string, unknown>): boolean => {
  const from = num(rule.FromPort);
  const to = num(rule.ToPort);
  return Number.isFinite(from) && Number.isFinite(to) && from !== to;
};

/** 0.0.0.0/0, or any spelling of the IPv6 whole range (::/0, 0000::/0, 0:0:...:0/0). */
export const isOpenToWorld = (rule: Record<string, unknown>): boolean =>
  rule.CidrIp === '0.0.0.0/0' || (typeof rule.CidrIpv6 === 'string' && /^[0:]+\/0$/.test(rule.CidrIpv6));

const LOCALHOST = new Set(['127.0.0.1/32', '::1/128']);
/** Rules that only reach the host itself. */
export const isLocalhost = (rule: Record<string, unknown>): boolean => LOCALHOST.has(String(rule.CidrIp ?? rule.CidrIpv6));
export const allProtocols = (rule: Record<string, unknown>): boolean => String(rule.IpProtocol) === '-1';
