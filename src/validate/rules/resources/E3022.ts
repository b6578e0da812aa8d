// A subnet can be associated with one route table only; a second association fails to create.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { intrinsicName, isRecord, resourcesOf } from '../template-walk.js';

/** The values a property can take: each Fn::If branch, or the value itself. */
function choices(v: unknown): unknown[] {
  const args = isRecord(v) ? v['Fn::If'] : undefined;
  return Array.isArray(args) && args.length === 3 ? [...choices(args[1]), ...choices(args[2])] : [v];
}

export const E3022 = cfnLintRule({
  id: 'E3022',
  severity: 'error',
  shortDescription: 'Resource SubnetRouteTableAssociation Properties',
  description: 'Each subnet appears in at most one AWS::EC2::SubnetRouteTableAssociation.',
  tags: ['resources', 'ec2', 'subnet', 'route table'],
  check(ctx) {
    // An association under a condition, or with a subnet chosen by Fn::If, may not exist
    // together with another conditional one; it always exists together with a plain one.
    const entries = resourcesOf(ctx, 'AWS::EC2::SubnetRouteTableAssociation')
      .filter((r) => r.props.SubnetId !== undefined)
      .map((r) => {
        const branches = choices(r.props.SubnetId).map((b) => JSON.stringify(b));
        const viaIf = intrinsicName(r.props.SubnetId) === 'Fn::If';
        return { id: r.id, condition: r.raw.Condition, values: new Set(branches), plain: r.raw.Condition === undefined && !viaIf };
      });
    const out: RuleFinding[] = [];
    for (const a of entries) {
      const others = entries.filter(
        (b) => b.id !== a.id && [...b.values].some((v) => a.values.has(v)) && (b.plain || (a.condition !== undefined && b.condition === a.condition)),
      );
      if (others.length > 0) out.push({ path: ['Resources', a.id, 'Properties', 'SubnetId'], message: `SubnetId in ${a.id} is also associated with ${others.map((o) => o.id).join(', ')}` });
    }
    return out;
  },
});
