// cfn_nag F31: DirectoryService SimpleAD password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F31 = cfnNagRule({
  id: 'F31',
  shortDescription: 'DirectoryService SimpleAD password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'directoryservice'],
  check: (ctx) => flagResources(ctx, ['AWS::DirectoryService::SimpleAD'], 'DirectoryService SimpleAD password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.Password)),
});
