// Stack settings that no change set carries: the stack policy (SetStackPolicy / GetStackPolicy) and
// termination protection (UpdateTerminationProtection). Each is set only when it differs, so a
// deploy that changes nothing sends nothing.
import { GetStackPolicyCommand, SetStackPolicyCommand, UpdateTerminationProtectionCommand } from '@aws-sdk/client-cloudformation';
import type { CloudTarget } from './clients.js';
import { clientsOf, send, type CloudDeps } from './cloud-deps.js';

/** The stack's policy body, or undefined when it has none. */
export async function stackPolicyOf(deps: CloudDeps, target: CloudTarget, stackName: string): Promise<string | undefined> {
  const { cloudformation } = clientsOf(deps, target);
  const out = await send(deps, () => cloudformation.send(new GetStackPolicyCommand({ StackName: stackName })));
  return out.StackPolicyBody || undefined;
}

/** Same policy whatever the whitespace and key order of its JSON. */
function samePolicy(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const canonical = (text: string) => {
    try {
      return JSON.stringify(sortKeys(JSON.parse(text)));
    } catch {
      return text;
    }
  };
  return canonical(a) === canonical(b);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** Sets the stack policy unless the stack has this one already; true when it was set. */
export async function ensureStackPolicy(deps: CloudDeps, target: CloudTarget, stackName: string, body: string): Promise<boolean> {
  if (samePolicy(await stackPolicyOf(deps, target, stackName), body)) return false;
  const { cloudformation } = clientsOf(deps, target);
  await send(deps, () => cloudformation.send(new SetStackPolicyCommand({ StackName: stackName, StackPolicyBody: body })));
  return true;
}

/** Turns termination protection on or off; `current` is what DescribeStacks showed (nothing is sent when it matches). */
export async function ensureTerminationProtection(deps: CloudDeps, target: CloudTarget, stackName: string, enabled: boolean, current: boolean): Promise<boolean> {
  if (enabled === current) return false;
  const { cloudformation } = clientsOf(deps, target);
  await send(deps, () => cloudformation.send(new UpdateTerminationProtectionCommand({ StackName: stackName, EnableTerminationProtection: enabled })));
  return true;
}
