// Fn::Base64 takes arguments of the right shape; problems nested inside it are reported here too.
import { cfnLintRule } from '../define.js';
import { functionFindings } from './function-shapes.js';

export const E1021 = cfnLintRule({
  id: 'E1021',
  severity: 'error',
  shortDescription: 'Base64 validation of parameters',
  description: 'Arguments of Fn::Base64 (and of functions nested in it) have the shape CloudFormation expects.',
  tags: ['functions'],
  check: (ctx) => functionFindings(ctx, 'E1021'),
});
