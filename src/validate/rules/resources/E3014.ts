// Properties that exclude each other: exactly one source for a security group rule, one of
// VirtualName / Ebs / NoDevice for a block device, Metrics or MetricName for an alarm.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { objectScenarios, presentKeys } from '../condition-scenarios.js';
import { intrinsicName, isRecord, resourcesOf } from '../template-walk.js';

const INGRESS = ['CidrIp', 'CidrIpv6', 'SourcePrefixListId', 'SourceSecurityGroupId', 'SourceSecurityGroupName'];
const EGRESS = ['CidrIp', 'CidrIpv6', 'DestinationPrefixListId', 'DestinationSecurityGroupId'];
const DEVICE = ['VirtualName', 'Ebs', 'NoDevice'];
const ALARM = ['Metrics', 'MetricName'];

function onlyOne(v: unknown, path: TemplatePath, keys: string[], required: boolean, out: RuleFinding[]): void {
  if (!isRecord(v)) return;
  const args = v['Fn::If'];
  if (Array.isArray(args) && args.length === 3) return [1, 2].forEach((i) => onlyOne(args[i], [...path, 'Fn::If', i], keys, required, out));
  if (intrinsicName(v) !== undefined) return;
  const message = `Only one of [${keys.map((k) => `'${k}'`).join(', ')}] is a required property`;
  // Judged per condition scenario, as cfn-lint does: `A: !If [C, x, NoValue]` beside
  // `B: !If [C, NoValue, y]` is one source either way.
  for (const scenario of objectScenarios(v)) {
    const present = presentKeys(scenario, keys);
    if (present.length > 1) for (const k of present) out.push({ path: [...path, k], message });
    else if (present.length === 0 && required) out.push({ path, message });
  }
}

function items(v: unknown, path: TemplatePath, each: (item: unknown, p: TemplatePath) => void): void {
  if (Array.isArray(v)) return v.forEach((x, i) => each(x, [...path, i]));
  const args = isRecord(v) ? v['Fn::If'] : undefined;
  if (Array.isArray(args) && args.length === 3) [1, 2].forEach((i) => items(args[i], [...path, 'Fn::If', i], each));
}

export const E3014 = cfnLintRule({
  id: 'E3014',
  severity: 'error',
  shortDescription: 'Validate only one of a set of required properties are specified',
  description: 'Security group rules have exactly one source or destination; block devices one of VirtualName, Ebs, NoDevice; alarms Metrics or MetricName.',
  tags: ['resources', 'properties'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const g of resourcesOf(ctx, 'AWS::EC2::SecurityGroup')) {
      items(g.props.SecurityGroupIngress, [...g.path, 'Properties', 'SecurityGroupIngress'], (x, p) => onlyOne(x, p, INGRESS, true, out));
      items(g.props.SecurityGroupEgress, [...g.path, 'Properties', 'SecurityGroupEgress'], (x, p) => onlyOne(x, p, EGRESS, true, out));
    }
    for (const r of resourcesOf(ctx, 'AWS::EC2::SecurityGroupIngress')) onlyOne(r.raw.Properties, [...r.path, 'Properties'], INGRESS, true, out);
    for (const r of resourcesOf(ctx, 'AWS::EC2::SecurityGroupEgress')) onlyOne(r.raw.Properties, [...r.path, 'Properties'], EGRESS, true, out);
    for (const r of resourcesOf(ctx, 'AWS::EC2::Instance')) {
      items(r.props.BlockDeviceMappings, [...r.path, 'Properties', 'BlockDeviceMappings'], (x, p) => onlyOne(x, p, DEVICE, false, out));
    }
    for (const r of resourcesOf(ctx, 'AWS::CloudWatch::Alarm')) onlyOne(r.raw.Properties, [...r.path, 'Properties'], ALARM, true, out);
    return out;
  },
});
