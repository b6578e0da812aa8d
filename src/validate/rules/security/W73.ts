// cfn_nag W73: DynamoDB table should have billing mode set to either PAY_PER_REQUEST or PROVISIONED
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W73 = cfnNagRule({
  id: 'W73',
  shortDescription: 'DynamoDB table should have billing mode set to either PAY_PER_REQUEST or PROVISIONED',
  tags: ['security', 'dynamodb'],
  check: (ctx) => flagResources(ctx, ['AWS::DynamoDB::Table'], 'DynamoDB table should have billing mode set to either PAY_PER_REQUEST or PROVISIONED', (r) => !isSet(r.props.BillingMode)),
});
