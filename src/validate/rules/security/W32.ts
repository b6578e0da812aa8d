// cfn_nag W32: CodeBuild project should specify an EncryptionKey value
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W32 = cfnNagRule({
  id: 'W32',
  shortDescription: 'CodeBuild project should specify an EncryptionKey value',
  tags: ['security', 'codebuild'],
  check: (ctx) => flagResources(ctx, ['AWS::CodeBuild::Project'], 'CodeBuild project should specify an EncryptionKey value', (r) => !isSet(r.props.EncryptionKey)),
});
