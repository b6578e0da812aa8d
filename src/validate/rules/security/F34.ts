// cfn_nag F34: RDS DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F34 = cfnNagRule({
  id: 'F34',
  shortDescription: 'RDS DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBCluster'], 'RDS DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.MasterUserPassword)),
});
