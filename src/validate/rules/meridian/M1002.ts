// A name the stage stack and a production stack would both claim: the stage deploys first, so
// production fails after approval, in the region that matters most.
import { meridianRule } from '../define.js';
import type { NameClaim } from '../../physical-names/claims.js';
import { describeName, describeTarget, scopeWords } from '../../physical-names/describe.js';

export const M1002 = meridianRule({
  id: 'M1002',
  severity: 'error',
  shortDescription: 'Physical name claimed by the stage stack and production',
  description: 'An explicitly named resource whose name would be the same in the stage stack and in a production stack.',
  tags: ['physical-names', 'deployments', 'stage'],
  check: () => [],
});

/** The message of an M1002 finding; `stage` is the stage stack's claim. */
export function m1002Message(first: NameClaim, second: NameClaim, withAccount: boolean): string {
  const stage = first.target.variant === 'stage' ? first : second;
  const fix = stage.parameters.length > 0
    ? `give the stage its own value with stage: { parameters: { ${stage.parameters[0]}: … } } in meridian.yaml, or put \${AWS::StackName} in the name`
    : `put \${AWS::StackName} in the name (the stage stack is ${stage.target.stackName}), or name it from a parameter set for the stage in meridian.yaml's stage: { parameters }`;
  return `${describeName(first)} would be claimed by ${describeTarget(first.target, withAccount)} and ${describeTarget(second.target, withAccount)}; ${scopeWords(first)}, so the second deployment fails. Fix: ${fix}`;
}
