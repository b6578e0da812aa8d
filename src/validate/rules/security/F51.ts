// cfn_nag F51: IAM User LoginProfile Password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';
import { isRecord } from '../template-walk.js';

export const F51 = cfnNagRule({
  id: 'F51',
  shortDescription: 'IAM User LoginProfile Password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::User'], 'IAM User LoginProfile Password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isRecord(r.props.LoginProfile) && isPlaintextSecret(ctx, r.props.LoginProfile.Password)),
});
