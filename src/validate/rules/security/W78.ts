// cfn_nag W78: DynamoDB table should have backup enabled, should be set using PointInTimeRecoveryEnabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';
import { isRecord } from '../template-walk.js';

export const W78 = cfnNagRule({
  id: 'W78',
  shortDescription: 'DynamoDB table should have backup enabled, should be set using PointInTimeRecoveryEnabled',
  tags: ['security', 'dynamodb'],
  check: (ctx) => flagResources(ctx, ['AWS::DynamoDB::Table'], 'DynamoDB table should have backup enabled, should be set using PointInTimeRecoveryEnabled', (r) => !isRecord(r.props.PointInTimeRecoverySpecification) || notTrue(r.props.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled)),
});
