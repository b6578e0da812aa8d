// A name the same stack claims in two regions or accounts: S3 bucket names are global, IAM names
// are per account across regions, so the second deployment of the rollout fails half way.
import { meridianRule } from '../define.js';
import type { NameClaim } from '../../physical-names/claims.js';
import { describeName, describeTarget, scopeWords } from '../../physical-names/describe.js';

export const M1001 = meridianRule({
  id: 'M1001',
  severity: 'error',
  shortDescription: 'Physical name claimed in two regions or accounts',
  description: 'An explicitly named resource whose name would be the same in two deployments of one stack where the name must be unique (global or per account).',
  tags: ['physical-names', 'deployments'],
  // Judged across deployments (physical-names/collisions.ts): one template in one place claims nothing twice.
  check: () => [],
});

/** The message of an M1001 finding: `second` would fail because `first` holds the name. */
export function m1001Message(first: NameClaim, second: NameClaim, withAccount: boolean): string {
  const fix = first.scope === 'global' ? `put \${AWS::Region} and \${AWS::AccountId} in it` : `put \${AWS::Region} in it`;
  return (
    `${describeName(first)} would be claimed by ${describeTarget(first.target, withAccount)} and ${describeTarget(second.target, withAccount)}; ` +
    `${scopeWords(first)}, so the second deployment fails. Fix: ${fix}, e.g. !Sub '\${AWS::StackName}-\${AWS::Region}-…', or leave ${first.property} out and let CloudFormation name it`
  );
}
