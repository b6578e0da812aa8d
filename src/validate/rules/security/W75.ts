// cfn_nag W75: RDS instance should have backup retention period greater than 0
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const W75 = cfnNagRule({
  id: 'W75',
  shortDescription: 'RDS instance should have backup retention period greater than 0',
  tags: ['security', 'rds'],
  check: (ctx) => flagResources(ctx, ['AWS::RDS::DBInstance'], 'RDS instance should have backup retention period greater than 0', (r) => r.props.BackupRetentionPeriod === 0 || r.props.BackupRetentionPeriod === '0'),
});
