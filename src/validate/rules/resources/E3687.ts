// Security group rules for a protocol other than "all" (-1) need a port range.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { intrinsicName, isRecord, resourcesOf } from '../template-walk.js';

function check(rule: unknown, path: TemplatePath, out: RuleFinding[]): void {
  if (!isRecord(rule) || !('IpProtocol' in rule)) return;
  const p = rule.IpProtocol;
  if (intrinsicName(p) !== undefined || p === -1 || p === '-1') return;
  const missing = ['FromPort', 'ToPort'].filter((k) => !(k in rule));
  if (missing.length === 0) return;
  const shown = typeof p === 'string' ? `'${p}'` : String(p);
  out.push({ path, message: `[${missing.map((m) => `'${m}'`).join(', ')}] are required properties when using 'IpProtocol' value ${shown}` });
}

export const E3687 = cfnLintRule({
  id: 'E3687',
  severity: 'error',
  shortDescription: 'Validate to and from ports based on the protocol',
  description: 'Security group rules with a protocol other than -1 set FromPort and ToPort.',
  tags: ['resources', 'ec2', 'security-group'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const g of resourcesOf(ctx, 'AWS::EC2::SecurityGroup')) {
      for (const key of ['SecurityGroupIngress', 'SecurityGroupEgress']) {
        const list = g.props[key];
        if (Array.isArray(list)) list.forEach((r, i) => check(r, [...g.path, 'Properties', key, i], out));
      }
    }
    for (const r of resourcesOf(ctx, 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress')) check(r.props, [...r.path, 'Properties'], out);
    return out;
  },
});
