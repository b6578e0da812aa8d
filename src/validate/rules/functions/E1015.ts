// Fn::GetAZs takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1015 = cfnLintRule({
  id: 'E1015',
  severity: 'error',
  shortDescription: 'GetAz validation of parameters',
  description: 'Arguments of Fn::GetAZs (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1015'),
});
