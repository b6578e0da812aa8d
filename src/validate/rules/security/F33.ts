// cfn_nag F33: ElastiCache ReplicationGroup should have encryption enabled for in transit
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F33 = cfnNagRule({
  id: 'F33',
  shortDescription: 'ElastiCache ReplicationGroup should have encryption enabled for in transit',
  tags: ['security', 'elasticache'],
  check: (ctx) => flagResources(ctx, ['AWS::ElastiCache::ReplicationGroup'], 'ElastiCache ReplicationGroup should have encryption enabled for in transit', (r) => notTrue(r.props.TransitEncryptionEnabled)),
});
