// Each condition is one condition function: Fn::Equals, And, Or, Not, or Condition.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import { isConditionFunction } from './condition-functions.js';

const show = (v: unknown): string => (v === null ? 'None' : typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

export const E8001 = cfnLintRule({
  id: 'E8001',
  severity: 'error',
  shortDescription: 'Conditions have appropriate properties',
  description: 'The Conditions section is a map of names to single condition functions.',
  tags: ['conditions'],
  check({ body }) {
    if (!('Conditions' in body)) return [];
    if (!isRecord(body.Conditions)) return [{ path: ['Conditions'], message: `${show(body.Conditions)} is not of type 'object'` }];
    return Object.entries(body.Conditions)
      .filter(([name, v]) => !isConditionFunction(v) && !name.startsWith('Fn::ForEach'))
      .map(([name, v]) => ({ path: ['Conditions', name], message: `${show(v)} is not of type 'boolean'` }));
  },
});
