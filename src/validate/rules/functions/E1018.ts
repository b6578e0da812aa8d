// Fn::Split takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1018 = cfnLintRule({
  id: 'E1018',
  severity: 'error',
  shortDescription: 'Split validation of parameters',
  description: 'Arguments of Fn::Split (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1018'),
});
