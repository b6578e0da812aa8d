// cfn_nag F70: DocDB DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F70 = cfnNagRule({
  id: 'F70',
  shortDescription: 'DocDB DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'docdb'],
  check: (ctx) => flagResources(ctx, ['AWS::DocDB::DBCluster'], 'DocDB DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.MasterUserPassword)),
});
