// cfn_nag F24: RDS instance master username must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F24 = cfnNagRule({
  id: 'F24',
  shortDescription: 'RDS instance master username must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBInstance'], 'RDS instance master username must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.MasterUsername)),
});
