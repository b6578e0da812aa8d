// Fn::Select takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1017 = cfnLintRule({
  id: 'E1017',
  severity: 'error',
  shortDescription: 'Select validation of parameters',
  description: 'Arguments of Fn::Select (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1017'),
});
