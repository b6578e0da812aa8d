// cfn_nag F44: ElastiCache ReplicationGroup AuthToken must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F44 = cfnNagRule({
  id: 'F44',
  shortDescription: 'ElastiCache ReplicationGroup AuthToken must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'elasticache'],
  check: (ctx) => flagResources(ctx, ['AWS::ElastiCache::ReplicationGroup'], 'ElastiCache ReplicationGroup AuthToken must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.AuthToken)),
});
