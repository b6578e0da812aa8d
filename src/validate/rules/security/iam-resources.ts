// Where IAM policy documents live on the resources cfn_nag looks at.
import type { RuleContext } from '../../types.js';
import { isRecord, type ResourceEntry } from '../template-walk.js';

/** Inline policy documents of a role, user or group (Properties.Policies[].PolicyDocument). */
export function inlinePolicyDocs(r: ResourceEntry): unknown[] {
  const policies = r.props.Policies;
  return Array.isArray(policies) ? policies.filter(isRecord).map((p) => p.PolicyDocument) : [];
}

/** The policy documents of a resource-policy resource (bucket, queue, topic policies). */
export const policyDocument = (r: ResourceEntry): unknown => r.props.PolicyDocument;

/** The trust policy of a role. */
export const trustPolicy = (r: ResourceEntry): unknown => r.props.AssumeRolePolicyDocument;

/** Logical ids a list property points at with Ref (e.g. a policy's Roles). */
export function refTargets(v: unknown): string[] {
  return (Array.isArray(v) ? v : []).flatMap((x) => (isRecord(x) && typeof x.Ref === 'string' ? [x.Ref] : []));
}

/** Whether any AWS::IAM::Policy / ManagedPolicy in the template attaches to the role and satisfies `test`. */
export function attachedPolicies(ctx: RuleContext, roleId: string): unknown[] {
  const resources = isRecord(ctx.body.Resources) ? ctx.body.Resources : {};
  const out: unknown[] = [];
  for (const res of Object.values(resources)) {
    if (!isRecord(res) || res.Type !== 'AWS::IAM::Policy' || !isRecord(res.Properties)) continue;
    if (refTargets(res.Properties.Roles).includes(roleId)) out.push(res.Properties.PolicyDocument);
  }
  return out;
}

/** Users some AWS::IAM::UserToGroupAddition in the template puts into a group. */
export function usersInGroups(ctx: RuleContext): Set<string> {
  const resources = isRecord(ctx.body.Resources) ? ctx.body.Resources : {};
  const out = new Set<string>();
  for (const res of Object.values(resources)) {
    if (isRecord(res) && res.Type === 'AWS::IAM::UserToGroupAddition' && isRecord(res.Properties)) for (const u of refTargets(res.Properties.Users)) out.add(u);
  }
  return out;
}
