// cfn_nag F36: Directory Service Microsoft AD password must not be a plaintext string or a Ref to a Parameter with a Default value.
import { cfnNagRule } from '../define.js';
import { flagResources, isPlaintextSecret } from './flag.js';

export const F36 = cfnNagRule({
  id: 'F36',
  shortDescription: 'Directory Service Microsoft AD password must not be a plaintext string or a Ref to a Parameter with a Default value.',
  tags: ['security', 'directoryservice'],
  check: (ctx) => flagResources(ctx, ['AWS::DirectoryService::MicrosoftAD'], 'Directory Service Microsoft AD password must not be a plaintext string or a Ref to a Parameter with a Default value.', (r, ctx) => isPlaintextSecret(ctx, r.props.Password)),
});
