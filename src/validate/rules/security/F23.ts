// cfn_nag F23: RDS instance master user password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F23 = cfnNagRule({
  id: 'F23',
  shortDescription: 'RDS instance master user password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBInstance'], 'RDS instance master user password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.MasterUserPassword)),
});
