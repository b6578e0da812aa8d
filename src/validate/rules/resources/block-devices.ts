// Block device mappings of instances and launch templates, looking through Fn::If.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleContext } from '../../types.js';
import { isRecord, resourcesOf } from '../template-walk.js';

export interface Device {
  value: Record<string, unknown>;
  path: TemplatePath;
}

function collect(v: unknown, path: TemplatePath, out: Device[]): void {
  if (Array.isArray(v)) return v.forEach((x, i) => collect(x, [...path, i], out));
  if (!isRecord(v)) return;
  const args = v['Fn::If'];
  if (Array.isArray(args) && args.length === 3) return [1, 2].forEach((i) => collect(args[i], [...path, 'Fn::If', i], out));
  if ('DeviceName' in v || 'VirtualName' in v || 'Ebs' in v) out.push({ value: v, path });
}

/** Every literal block device mapping of EC2 instances and launch templates. */
export function blockDevices(ctx: RuleContext): Device[] {
  const out: Device[] = [];
  for (const r of resourcesOf(ctx, 'AWS::EC2::Instance')) collect(r.props.BlockDeviceMappings, [...r.path, 'Properties', 'BlockDeviceMappings'], out);
  for (const r of resourcesOf(ctx, 'AWS::EC2::LaunchTemplate')) {
    const data = r.props.LaunchTemplateData;
    if (isRecord(data)) collect(data.BlockDeviceMappings, [...r.path, 'Properties', 'LaunchTemplateData', 'BlockDeviceMappings'], out);
  }
  return out;
}
