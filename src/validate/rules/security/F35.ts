// cfn_nag F35: Redshift Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F35 = cfnNagRule({
  id: 'F35',
  shortDescription: 'Redshift Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'redshift'],
  check: (ctx) => flagResources(ctx, ['AWS::Redshift::Cluster'], 'Redshift Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.MasterUserPassword)),
});
