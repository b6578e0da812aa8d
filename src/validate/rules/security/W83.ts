// cfn_nag W83: DynamoDB Accelerator (DAX) Cluster should have encryption enabled
import { cfnNagRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import { flagResources, notTrue } from './flag.js';

export const W83 = cfnNagRule({
  id: 'W83',
  shortDescription: 'DynamoDB Accelerator (DAX) Cluster should have encryption enabled',
  tags: ['security', 'dax'],
  check: (ctx) => flagResources(ctx, ['AWS::DAX::Cluster'], 'DynamoDB Accelerator (DAX) Cluster should have encryption enabled', (r) => !isRecord(r.props.SSESpecification) || notTrue(r.props.SSESpecification.SSEEnabled)),
});
