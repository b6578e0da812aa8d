// Fn::If takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1028 = cfnLintRule({
  id: 'E1028',
  severity: 'error',
  shortDescription: 'If structure for validity',
  description: 'Arguments of Fn::If (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1028'),
});
