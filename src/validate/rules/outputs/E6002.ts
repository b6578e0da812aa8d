// An output without a Value is rejected by CloudFormation.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';

export const E6002 = cfnLintRule({
  id: 'E6002',
  severity: 'error',
  shortDescription: 'Outputs have required properties',
  description: 'Every output has a Value.',
  tags: ['outputs'],
  check({ body }) {
    if (!isRecord(body.Outputs)) return [];
    return Object.entries(body.Outputs)
      .filter(([name, o]) => !name.startsWith('Fn::ForEach::') && isRecord(o) && !('Value' in o))
      .map(([name]) => ({ path: ['Outputs', name], message: "'Value' is a required property" }));
  },
});
