// cfn_nag W92: Lambda functions should define ReservedConcurrentExecutions to reserve simultaneous executions
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W92 = cfnNagRule({
  id: 'W92',
  shortDescription: 'Lambda functions should define ReservedConcurrentExecutions to reserve simultaneous executions',
  tags: ['security', 'lambda'],
  check: (ctx) => flagResources(ctx, ['AWS::Lambda::Function'], 'Lambda functions should define ReservedConcurrentExecutions to reserve simultaneous executions', (r) => !isSet(r.props.ReservedConcurrentExecutions)),
});
