// cfn_nag F80: RDS instance should have deletion protection enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F80 = cfnNagRule({
  id: 'F80',
  shortDescription: 'RDS instance should have deletion protection enabled',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBInstance'], 'RDS instance should have deletion protection enabled', (r) => notTrue(r.props.DeletionProtection)),
});
