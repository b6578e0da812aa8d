// Without Ebs, VirtualName must name an instance store volume: ephemeral0 to ephemeral23.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { intrinsicName, literalBranches } from '../template-walk.js';
import { blockDevices } from './block-devices.js';

const EPHEMERAL = /^ephemeral([0-9]|1[0-9]|2[0-3])$/;

export const E3715 = cfnLintRule({
  id: 'E3715',
  severity: 'error',
  shortDescription: 'VirtualName must use ephemeral device format when Ebs is absent',
  description: "Block device mappings without Ebs name an instance store volume 'ephemeralN' (N 0-23).",
  tags: ['resources', 'ec2'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const d of blockDevices(ctx)) {
      const v = d.value.VirtualName;
      if (v === undefined || 'Ebs' in d.value) continue;
      const fn = intrinsicName(v);
      if (fn !== undefined && fn !== 'Fn::If') continue;
      const bad = literalBranches(v, []).some((b) => typeof b.value === 'string' && !EPHEMERAL.test(b.value));
      const shown = typeof v === 'string' ? `'${v}'` : JSON.stringify(v).replace(/"/g, "'");
      if (bad) out.push({ path: [...d.path, 'VirtualName'], message: `${shown} is not a valid ephemeral device name. Expected format is 'ephemeralN' where N is 0-23` });
    }
    return out;
  },
});
