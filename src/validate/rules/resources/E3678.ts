// Inline code (Code.ZipFile) is only accepted for a managed runtime named in Runtime.
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

export const E3678 = cfnLintRule({
  id: 'E3678',
  severity: 'error',
  shortDescription: 'Using the ZipFile attribute requires a runtime to be specified',
  description: 'A Lambda function with Code.ZipFile sets Runtime.',
  tags: ['resources', 'lambda'],
  check: (ctx) =>
    resourcesOf(ctx, 'AWS::Lambda::Function')
      .filter((r) => isRecord(r.props.Code) && 'ZipFile' in r.props.Code && !('Runtime' in r.props))
      .map((r) => ({ path: [...r.path, 'Properties'], message: "'Runtime' is a required property" })),
});
