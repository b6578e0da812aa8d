// cfn_nag F30: Neptune database cluster storage should have encryption enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F30 = cfnNagRule({
  id: 'F30',
  shortDescription: 'Neptune database cluster storage should have encryption enabled',
  tags: ['security', 'neptune'],
  check: (ctx) => flagResources(ctx, ['AWS::Neptune::DBCluster'], 'Neptune database cluster storage should have encryption enabled', (r) => notTrue(r.props.StorageEncrypted)),
});
