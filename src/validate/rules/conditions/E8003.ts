// Fn::Equals in conditions: an argument list of the right length holding the right kinds of values.
import { cfnLintRule } from '../define.js';
import { checkConditions } from './condition-functions.js';

export const E8003 = cfnLintRule({
  id: 'E8003',
  severity: 'error',
  shortDescription: 'Check Fn::Equals structure for validity',
  description: 'Fn::Equals takes a list of the right length; its items are of the right kind.',
  tags: ['functions', 'conditions'],
  check: ({ body }) => checkConditions(body, 'Fn::Equals'),
});
