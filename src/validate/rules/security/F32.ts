// cfn_nag F32: EFS FileSystem should have encryption enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F32 = cfnNagRule({
  id: 'F32',
  shortDescription: 'EFS FileSystem should have encryption enabled',
  tags: ['security', 'efs'],
  check: (ctx) => flagResources(ctx, ['AWS::EFS::FileSystem'], 'EFS FileSystem should have encryption enabled', (r) => notTrue(r.props.Encrypted)),
});
