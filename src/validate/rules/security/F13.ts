// cfn_nag F13: Lambda permission principal should not be wildcard
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const F13 = cfnNagRule({
  id: 'F13',
  shortDescription: 'Lambda permission principal should not be wildcard',
  tags: ['security', 'lambda'],
  check: (ctx) => flagResources(ctx, ['AWS::Lambda::Permission'], 'Lambda permission principal should not be wildcard', (r) => r.props.Principal === '*'),
});
