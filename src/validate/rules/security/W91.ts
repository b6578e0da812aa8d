// cfn_nag W91: Database Migration Service replication instances are public, property PubliclyAccessible should be set to false
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { isFalse } from '../template-walk.js';

export const W91 = cfnNagRule({
  id: 'W91',
  shortDescription: 'Database Migration Service replication instances are public, property PubliclyAccessible should be set to false',
  tags: ['security', 'dms'],
  check: (ctx) => flagResources(ctx, ['AWS::DMS::ReplicationInstance'], 'Database Migration Service replication instances are public, property PubliclyAccessible should be set to false', (r) => !isFalse(r.props.PubliclyAccessible)),
});
