// Fn::FindInMap takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1011 = cfnLintRule({
  id: 'E1011',
  severity: 'error',
  shortDescription: 'FindInMap validation of configuration',
  description: 'Arguments of Fn::FindInMap (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1011'),
});
