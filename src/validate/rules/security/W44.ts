// cfn_nag W44: IAM role should not have Elevated Managed policy
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

/** AWS managed policies that hand out administrator-like power. */
const ELEVATED = ['IAMFullAccess', 'PowerUserAccess'];
const managedPolicies = (r: { props: Record<string, unknown> }): string[] =>
  Array.isArray(r.props.ManagedPolicyArns) ? r.props.ManagedPolicyArns.filter((a): a is string => typeof a === 'string') : [];

export const W44 = cfnNagRule({
  id: 'W44',
  shortDescription: 'IAM role should not have Elevated Managed policy',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not have Elevated Managed policy', (r) => managedPolicies(r).some((a) => ELEVATED.some((p) => a.endsWith(`:policy/${p}`)))),
});
