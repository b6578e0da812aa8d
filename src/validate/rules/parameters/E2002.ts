// A parameter Type must be one CloudFormation knows.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';

const AWS_TYPES = [
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::VPC::Id',
  'AWS::EC2::Volume::Id', 'AWS::Route53::HostedZone::Id', 'AWS::SSM::Parameter::Name',
];
const BASE = ['String', 'Number', 'List<Number>', 'List<String>', 'CommaDelimitedList'];

/** True for the parameter types CloudFormation accepts. */
export function isKnownParameterType(t: string): boolean {
  if (BASE.includes(t) || AWS_TYPES.includes(t)) return true;
  const list = /^List<(.+)>$/.exec(t);
  if (list && AWS_TYPES.includes(list[1] as string)) return true;
  // SSM parameter types carry any value type; W2002 looks at unusual ones.
  return /^AWS::SSM::Parameter::Value<.+>$/.test(t);
}

export const E2002 = cfnLintRule({
  id: 'E2002',
  severity: 'error',
  shortDescription: 'Parameters have appropriate type',
  description: 'Parameter types are String, Number, lists, AWS-specific types or SSM parameter types.',
  tags: ['parameters'],
  check({ body }) {
    if (!isRecord(body.Parameters)) return [];
    const out = [];
    for (const [name, p] of Object.entries(body.Parameters)) {
      if (!isRecord(p) || typeof p.Type !== 'string' || isKnownParameterType(p.Type)) continue;
      out.push({ path: ['Parameters', name, 'Type'], message: `'${p.Type}' is not one of [${[...AWS_TYPES, ...BASE].map((t) => `'${t}'`).join(', ')}]` });
    }
    return out;
  },
});
