// cfn_nag F2000: User is not assigned to a group
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';
import { usersInGroups } from './iam-resources.js';

export const F2000 = cfnNagRule({
  id: 'F2000',
  shortDescription: 'User is not assigned to a group',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::User'], 'User is not assigned to a group', (r, ctx) => !isSet(r.props.Groups) && !usersInGroups(ctx).has(r.id)),
});
