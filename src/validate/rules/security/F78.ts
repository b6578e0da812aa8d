// cfn_nag F78: AWS Cognito UserPool should have MfaConfiguration set to ON (MUST be wrapped in quotes) or at least OPTIONAL
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const F78 = cfnNagRule({
  id: 'F78',
  shortDescription: 'AWS Cognito UserPool should have MfaConfiguration set to ON (MUST be wrapped in quotes) or at least OPTIONAL',
  tags: ['security', 'cognito'],
  check: (ctx) => flagResources(ctx, ['AWS::Cognito::UserPool'], 'AWS Cognito UserPool should have MfaConfiguration set to ON (MUST be wrapped in quotes) or at least OPTIONAL', (r) => r.props.MfaConfiguration !== 'ON' && r.props.MfaConfiguration !== 'OPTIONAL'),
});
