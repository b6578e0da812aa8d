// Lists hold as many items as the resource provider schema allows (an instance profile one role).
import { cfnLintRule } from '../define.js';
import { constraintFindings } from './property-constraints.js';

export const E3032 = cfnLintRule({
  id: 'E3032',
  severity: 'error',
  shortDescription: 'Check if a array has between min and max number of values specified',
  description: 'Literal lists respect the minItems and maxItems of the resource provider schema.',
  tags: ['resources', 'properties', 'array'],
  check: (ctx) => constraintFindings(ctx, 'E3032'),
});
