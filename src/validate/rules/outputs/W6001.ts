// An output whose value is imported from another stack's export re-exports someone else's
// output: the consumer can import the original directly, and the chain ties both stacks' updates.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { pyRepr } from '../py-repr.js';
import { isRecord, walk } from '../template-walk.js';

export const W6001 = cfnLintRule({
  id: 'W6001',
  severity: 'warning',
  shortDescription: 'Check Outputs using ImportValue',
  description: 'An output value (or part of it) is not an Fn::ImportValue of another output.',
  tags: ['outputs', 'importvalue'],
  check({ body }) {
    const out: RuleFinding[] = [];
    for (const [name, output] of Object.entries(isRecord(body.Outputs) ? body.Outputs : {})) {
      if (!isRecord(output) || output.Value === undefined) continue;
      walk(output.Value, ['Outputs', name, 'Value'], (v, p) => {
        if (!isRecord(v) || Object.keys(v).length !== 1 || !('Fn::ImportValue' in v)) return;
        out.push({ path: [...p, 'Fn::ImportValue'], message: `The output value ${pyRepr(v)} is an import from another output` });
        return 'skip';
      });
    }
    return out;
  },
});
