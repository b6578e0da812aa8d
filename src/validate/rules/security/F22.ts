// cfn_nag F22: RDS instance should not be publicly accessible
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { isFalse } from '../template-walk.js';

export const F22 = cfnNagRule({
  id: 'F22',
  shortDescription: 'RDS instance should not be publicly accessible',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBInstance'], 'RDS instance should not be publicly accessible', (r) => !isFalse(r.props.PubliclyAccessible)),
});
