// cfn_nag F26: RDS DBCluster should have StorageEncrypted enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F26 = cfnNagRule({
  id: 'F26',
  shortDescription: 'RDS DBCluster should have StorageEncrypted enabled',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBCluster'], 'RDS DBCluster should have StorageEncrypted enabled', (r) => notTrue(r.props.StorageEncrypted)),
});
