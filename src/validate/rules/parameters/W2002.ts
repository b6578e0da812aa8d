// SSM parameter value types CloudFormation does not document may stop working without notice.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import { isKnownParameterType } from './E2002.js';

const DOCUMENTED_VALUE = /^(String|List<String>|CommaDelimitedList|AWS::EC2::[A-Za-z:]+|List<AWS::EC2::[A-Za-z:]+>|AWS::Route53::HostedZone::Id|List<AWS::Route53::HostedZone::Id>)$/;

export const W2002 = cfnLintRule({
  id: 'W2002',
  severity: 'warning',
  shortDescription: 'Parameter type is not officially supported by CloudFormation',
  description: 'AWS::SSM::Parameter::Value<...> wraps a documented type.',
  tags: ['parameters'],
  check({ body }) {
    if (!isRecord(body.Parameters)) return [];
    const out = [];
    for (const [name, p] of Object.entries(body.Parameters)) {
      if (!isRecord(p) || typeof p.Type !== 'string' || !isKnownParameterType(p.Type)) continue;
      const inner = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(p.Type)?.[1];
      if (inner !== undefined && !DOCUMENTED_VALUE.test(inner)) {
        out.push({ path: ['Parameters', name, 'Type'], message: `'${p.Type}' is not an officially documented CloudFormation parameter type. While CloudFormation may accept it, it may not work as expected.` });
      }
    }
    return out;
  },
});
