// cfn_nag F19: EnableKeyRotation should not be false or absent on KMS::Key resource
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F19 = cfnNagRule({
  id: 'F19',
  shortDescription: 'EnableKeyRotation should not be false or absent on KMS::Key resource',
  tags: ['security', 'kms'],
  check: (ctx) => flagResources(ctx, ['AWS::KMS::Key'], 'EnableKeyRotation should not be false or absent on KMS::Key resource', (r) => notTrue(r.props.EnableKeyRotation)),
});
