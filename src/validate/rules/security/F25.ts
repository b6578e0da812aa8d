// cfn_nag F25: ElastiCache ReplicationGroup should have encryption enabled for at rest
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F25 = cfnNagRule({
  id: 'F25',
  shortDescription: 'ElastiCache ReplicationGroup should have encryption enabled for at rest',
  tags: ['security', 'elasticache'],
  check: (ctx) => flagResources(ctx, ['AWS::ElastiCache::ReplicationGroup'], 'ElastiCache ReplicationGroup should have encryption enabled for at rest', (r) => notTrue(r.props.AtRestEncryptionEnabled)),
});
