// cfn_nag W57: AWS::Cognito::IdentityPool AllowUnauthenticatedIdentities property should be false but CAN be true if proper restrictive IAM roles and permissions are established for unauthenticated users.
import { cfnNagRule } from '../define.js';
import { isTrue } from '../template-walk.js';
import { flagResources } from './flag.js';

export const W57 = cfnNagRule({
  id: 'W57',
  shortDescription: 'AWS::Cognito::IdentityPool AllowUnauthenticatedIdentities property should be false but CAN be true if proper restrictive IAM roles and permissions are established for unauthenticated users.',
  tags: ['security', 'cognito'],
  check: (ctx) => flagResources(ctx, ['AWS::Cognito::IdentityPool'], 'AWS::Cognito::IdentityPool AllowUnauthenticatedIdentities property should be false but CAN be true if proper restrictive IAM roles and permissions are established for unauthenticated users.', (r) => isTrue(r.props.AllowUnauthenticatedIdentities)),
});
