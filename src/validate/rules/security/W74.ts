// cfn_nag W74: DynamoDB table should have encryption enabled using a CMK stored in KMS
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';
import { isRecord } from '../template-walk.js';

export const W74 = cfnNagRule({
  id: 'W74',
  shortDescription: 'DynamoDB table should have encryption enabled using a CMK stored in KMS',
  tags: ['security', 'dynamodb'],
  check: (ctx) => flagResources(ctx, ['AWS::DynamoDB::Table'], 'DynamoDB table should have encryption enabled using a CMK stored in KMS', (r) => !isRecord(r.props.SSESpecification) || notTrue(r.props.SSESpecification.SSEEnabled)),
});
