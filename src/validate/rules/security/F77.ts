// cfn_nag F77: SimpleDB Domain should not be a declared resource
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const F77 = cfnNagRule({
  id: 'F77',
  shortDescription: 'SimpleDB Domain should not be a declared resource',
  tags: ['security', 'sdb'],
  check: (ctx) => flagResources(ctx, ['AWS::SDB::Domain'], 'SimpleDB Domain should not be a declared resource', () => true),
});
