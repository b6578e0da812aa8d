// Fn::ImportValue takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1016 = cfnLintRule({
  id: 'E1016',
  severity: 'error',
  shortDescription: 'ImportValue validation of parameters',
  description: 'Arguments of Fn::ImportValue (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1016'),
});
