// cfn_nag F11: IAM policy should not apply directly to users. Should be on group
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const F11 = cfnNagRule({
  id: 'F11',
  shortDescription: 'IAM policy should not apply directly to users. Should be on group',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Policy'], 'IAM policy should not apply directly to users. Should be on group', (r) => isSet(r.props.Users)),
});
