// A name already taken in the target account by something that is not this stack's resource
// (found by asking the cloud: HeadBucket, GetParameter), so the create would fail.
import { meridianRule } from '../define.js';
import type { NameClaim } from '../../physical-names/claims.js';
import { describeName, describeTarget } from '../../physical-names/describe.js';

export const M1004 = meridianRule({
  id: 'M1004',
  severity: 'error',
  shortDescription: 'Physical name already exists in the target',
  description: 'An explicitly named resource whose name is already taken in the target account and region by something the stack does not own.',
  tags: ['physical-names', 'deployments', 'cloud'],
  check: () => [],
});

/** The message of an M1004 finding. */
export function m1004Message(claim: NameClaim, withAccount: boolean): string {
  return (
    `${describeName(claim)} already exists for ${describeTarget(claim.target, withAccount)} and does not belong to that stack, so creating it fails. ` +
    `Fix: pick a name nobody holds (e.g. with \${AWS::StackName} and \${AWS::Region} in it), or delete or import the existing one`
  );
}
