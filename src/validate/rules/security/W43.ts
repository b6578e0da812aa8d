// cfn_nag W43: IAM role should not have AdministratorAccess policy
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

const managedPolicies = (r: { props: Record<string, unknown> }): string[] =>
  Array.isArray(r.props.ManagedPolicyArns) ? r.props.ManagedPolicyArns.filter((a): a is string => typeof a === 'string') : [];

export const W43 = cfnNagRule({
  id: 'W43',
  shortDescription: 'IAM role should not have AdministratorAccess policy',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not have AdministratorAccess policy', (r) => managedPolicies(r).some((a) => a.endsWith(':policy/AdministratorAccess'))),
});
