// Lists the service treats as sets reject duplicates (policy ARNs, security groups, subnets).
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

const UNIQUE_LISTS = new Set(['ManagedPolicyArns', 'SecurityGroupIds', 'SubnetIds', 'VpcSecurityGroupIds']);

/** The list as it is when every Fn::If takes branch `b` (AWS::NoValue items dropped). */
function scenario(list: unknown[], b: 1 | 2): unknown[] {
  return list
    .map((x) => {
      const args = isRecord(x) ? x['Fn::If'] : undefined;
      return Array.isArray(args) && args.length === 3 ? args[b] : x;
    })
    .filter((x) => !(isRecord(x) && x.Ref === 'AWS::NoValue'));
}

function duplicates(list: unknown[], path: TemplatePath, out: RuleFinding[]): void {
  for (const b of [1, 2] as const) {
    const items = scenario(list, b).map((x) => JSON.stringify(x));
    if (new Set(items).size !== items.length) {
      out.push({ path, message: `${JSON.stringify(scenario(list, b)).replace(/"/g, "'")} has non-unique elements` });
      return;
    }
  }
}

export const E3037 = cfnLintRule({
  id: 'E3037',
  severity: 'error',
  shortDescription: 'Check if a list has duplicate values',
  description: 'ManagedPolicyArns, SecurityGroupIds, SubnetIds and VpcSecurityGroupIds have no duplicates.',
  tags: ['resources', 'properties'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx)) {
      for (const key of UNIQUE_LISTS) {
        const v = r.props[key];
        const path = [...r.path, 'Properties', key];
        const args = isRecord(v) ? v['Fn::If'] : undefined;
        const lists = Array.isArray(v) ? [v] : Array.isArray(args) && args.length === 3 ? [args[1], args[2]].filter(Array.isArray) : [];
        for (const list of lists) duplicates(list as unknown[], path, out);
      }
    }
    return out;
  },
});
