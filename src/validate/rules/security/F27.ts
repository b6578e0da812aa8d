// cfn_nag F27: RDS DBInstance should have StorageEncrypted enabled
import { cfnNagRule } from '../define.js';
import { flagResources, isSet, notTrue } from './flag.js';

export const F27 = cfnNagRule({
  id: 'F27',
  shortDescription: 'RDS DBInstance should have StorageEncrypted enabled',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBInstance'], 'RDS DBInstance should have StorageEncrypted enabled', (r) => notTrue(r.props.StorageEncrypted) && !isSet(r.props.DBClusterIdentifier)),
});
