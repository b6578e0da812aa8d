// cfn_nag F10: IAM user should not have any inline policies. Should be centralized Policy object on group
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const F10 = cfnNagRule({
  id: 'F10',
  shortDescription: 'IAM user should not have any inline policies. Should be centralized Policy object on group',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::User'], 'IAM user should not have any inline policies. Should be centralized Policy object on group', (r) => Array.isArray(r.props.Policies) && r.props.Policies.length > 0),
});
