// cfn_nag F12: IAM managed policy should not apply directly to users. Should be on group
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const F12 = cfnNagRule({
  id: 'F12',
  shortDescription: 'IAM managed policy should not apply directly to users. Should be on group',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::ManagedPolicy'], 'IAM managed policy should not apply directly to users. Should be on group', (r) => isSet(r.props.Users)),
});
