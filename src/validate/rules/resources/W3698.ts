// VirtualName names an instance store volume; with Ebs set it is silently ignored.
import { cfnLintRule } from '../define.js';
import { blockDevices } from './block-devices.js';

export const W3698 = cfnLintRule({
  id: 'W3698',
  severity: 'warning',
  shortDescription: 'VirtualName is ignored when Ebs is specified',
  description: 'A block device mapping sets VirtualName or Ebs, not both.',
  tags: ['resources', 'ec2'],
  check: (ctx) =>
    blockDevices(ctx)
      .filter((d) => 'VirtualName' in d.value && 'Ebs' in d.value)
      .map((d) => ({ path: [...d.path, 'VirtualName'], message: "'VirtualName' is ignored when 'Ebs' is specified" })),
});
