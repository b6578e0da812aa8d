// cfn_nag F37: DMS Endpoint password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F37 = cfnNagRule({
  id: 'F37',
  shortDescription: 'DMS Endpoint password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'dms'],
  check: (ctx) => flagResources(ctx, ['AWS::DMS::Endpoint'], 'DMS Endpoint password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.Password)),
});
