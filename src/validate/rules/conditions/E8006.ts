// Fn::Or in conditions: an argument list of the right length holding the right kinds of values.
import { cfnLintRule } from '../define.js';
import { checkConditions } from './condition-functions.js';

export const E8006 = cfnLintRule({
  id: 'E8006',
  severity: 'error',
  shortDescription: 'Check Fn::Or structure for validity',
  description: 'Fn::Or takes a list of the right length; its items are of the right kind.',
  tags: ['functions', 'conditions'],
  check: ({ body }) => checkConditions(body, 'Fn::Or'),
});
