// Two subnets of one VPC with overlapping CIDR blocks: the second one fails to create.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';

/** [first, last] address of an IPv4 CIDR block as numbers, or undefined. */
function range(cidr: unknown): [number, number] | undefined {
  const m = typeof cidr === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr) : null;
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const start = Math.floor(octets.reduce((a, o) => a * 256 + o, 0) / size) * size;
  return [start, start + size - 1];
}

export const E3060 = cfnLintRule({
  id: 'E3060',
  severity: 'error',
  shortDescription: 'Validate subnet CIDRs do not overlap with other subnets',
  description: 'Subnets of the same VPC have CIDR blocks that do not overlap.',
  tags: ['resources', 'ec2', 'subnet'],
  check(ctx) {
    const seen: { vpc: string; cidr: string; range: [number, number] }[] = [];
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx, 'AWS::EC2::Subnet')) {
      if (r.raw.Condition !== undefined) continue;
      const cidr = r.props.CidrBlock;
      const span = range(cidr);
      if (!span || r.props.VpcId === undefined) continue;
      const vpc = JSON.stringify(r.props.VpcId);
      const clash = seen.find((s) => s.vpc === vpc && s.range[0] <= span[1] && span[0] <= s.range[1]);
      if (clash) out.push({ path: [...r.path, 'Properties'], message: `'${String(cidr)}' overlaps with '${clash.cidr}'` });
      seen.push({ vpc, cidr: String(cidr), range: span });
    }
    return out;
  },
});
