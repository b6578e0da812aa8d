// cfn_nag W89: Lambda functions should be deployed inside a VPC
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W89 = cfnNagRule({
  id: 'W89',
  shortDescription: 'Lambda functions should be deployed inside a VPC',
  tags: ['security', 'lambda'],
  check: (ctx) => flagResources(ctx, ['AWS::Lambda::Function'], 'Lambda functions should be deployed inside a VPC', (r) => !isSet(r.props.VpcConfig)),
});
