// Capabilities a template needs before CloudFormation will deploy it.
import { isRecord } from '../../../template/index.js';
import { AwsError } from '../../contract.js';

/** IAM types, with the property that gives the resource a custom name. */
const IAM_TYPES: Record<string, string | undefined> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::RolePolicy': undefined,
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserToGroupAddition': undefined,
};

export interface CapabilityNeed {
  capabilities: string[];
  reason?: string;
}

/** What ValidateTemplate / GetTemplateSummary report as Capabilities and CapabilitiesReason. */
export function capabilitiesNeeded(body: Record<string, unknown>): CapabilityNeed {
  const resources = isRecord(body.Resources) ? body.Resources : {};
  const iamTypes = new Set<string>();
  let named = false;
  for (const r of Object.values(resources)) {
    if (!isRecord(r) || typeof r.Type !== 'string' || !(r.Type in IAM_TYPES)) continue;
    iamTypes.add(r.Type);
    const nameProp = IAM_TYPES[r.Type];
    if (nameProp && isRecord(r.Properties) && r.Properties[nameProp] !== undefined) named = true;
  }
  const capabilities: string[] = [];
  if (iamTypes.size > 0) capabilities.push(named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  if (body.Transform !== undefined) capabilities.push('CAPABILITY_AUTO_EXPAND');
  const need: CapabilityNeed = { capabilities };
  if (iamTypes.size > 0) need.reason = `The following resource(s) require capabilities: [${[...iamTypes].sort().join(', ')}]`;
  else if (body.Transform !== undefined) need.reason = 'The following resource(s) require capabilities: [AWS::CloudFormation::Macro]';
  return need;
}

/** Throws InsufficientCapabilitiesException when `given` lacks what the template needs. */
export function checkCapabilities(body: Record<string, unknown>, given: string[]): void {
  for (const c of capabilitiesNeeded(body).capabilities) {
    // CAPABILITY_NAMED_IAM covers unnamed IAM resources too.
    const ok = given.includes(c) || (c === 'CAPABILITY_IAM' && given.includes('CAPABILITY_NAMED_IAM'));
    if (!ok) throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${c}]`);
  }
}
