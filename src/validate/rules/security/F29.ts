// cfn_nag F29: Workspace should have encryption enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F29 = cfnNagRule({
  id: 'F29',
  shortDescription: 'Workspace should have encryption enabled',
  tags: ['security', 'workspaces'],
  check: (ctx) => flagResources(ctx, ['AWS::WorkSpaces::Workspace'], 'Workspace should have encryption enabled', (r) => notTrue(r.props.UserVolumeEncryptionEnabled)),
});
