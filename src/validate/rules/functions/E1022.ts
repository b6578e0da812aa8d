// Fn::Join takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1022 = cfnLintRule({
  id: 'E1022',
  severity: 'error',
  shortDescription: 'Join validation of parameters',
  description: 'Arguments of Fn::Join (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1022'),
});
