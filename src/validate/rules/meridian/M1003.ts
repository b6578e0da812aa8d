// A name two different stacks of the pipeline would both claim.
import { meridianRule } from '../define.js';
import type { NameClaim } from '../../physical-names/claims.js';
import { describeName, describeTarget, scopeWords } from '../../physical-names/describe.js';

export const M1003 = meridianRule({
  id: 'M1003',
  severity: 'error',
  shortDescription: 'Physical name claimed by two stacks',
  description: 'Explicitly named resources of two different stacks of the pipeline whose names would be the same.',
  tags: ['physical-names', 'deployments'],
  check: () => [],
});

/** The message of an M1003 finding, at `first`'s resource; `second` is in another template. */
export function m1003Message(first: NameClaim, second: NameClaim, withAccount: boolean, secondAt: string): string {
  return (
    `${describeName(first)} would be claimed by ${describeTarget(first.target, withAccount)} and by ${second.logicalId} of ${describeTarget(second.target, withAccount)} (${secondAt}); ` +
    `${scopeWords(first)}, so the second deployment fails. Fix: put \${AWS::StackName} in one of the names`
  );
}
