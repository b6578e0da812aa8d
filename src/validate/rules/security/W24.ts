// cfn_nag W24: Lambda permission beside InvokeFunction might not be what you want? Not sure!?
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const W24 = cfnNagRule({
  id: 'W24',
  shortDescription: 'Lambda permission beside InvokeFunction might not be what you want? Not sure!?',
  tags: ['security', 'lambda'],
  check: (ctx) => flagResources(ctx, ['AWS::Lambda::Permission'], 'Lambda permission beside InvokeFunction might not be what you want? Not sure!?', (r) => typeof r.props.Action === 'string' && r.props.Action !== 'lambda:InvokeFunction'),
});
