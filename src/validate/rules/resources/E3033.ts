// Strings longer than the service accepts fail at deploy time (names, handlers, descriptions).
import { cfnLintRule } from '../define.js';
import { constraintFindings } from './property-constraints.js';

export const E3033 = cfnLintRule({
  id: 'E3033',
  severity: 'error',
  shortDescription: 'Check if a string has between min and max number of values specified',
  description: 'Literal strings respect the minLength and maxLength of the resource provider schema.',
  tags: ['resources', 'properties', 'length'],
  check: (ctx) => constraintFindings(ctx, 'E3033'),
});
