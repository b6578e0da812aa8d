// S3 ACLs are legacy; AWS recommends bucket policies (and disables ACLs by default since 2023).
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';

export const W3045 = cfnLintRule({
  id: 'W3045',
  severity: 'warning',
  shortDescription: 'Controlling access to an S3 bucket should be done with bucket policies',
  description: 'AccessControl on AWS::S3::Bucket is a legacy property; use AWS::S3::BucketPolicy.',
  tags: ['resources', 's3'],
  check: (ctx) =>
    resourcesOf(ctx, 'AWS::S3::Bucket')
      .filter((r) => 'AccessControl' in r.props)
      .map((r) => ({ path: [...r.path, 'Properties', 'AccessControl'], message: "'AccessControl' is a legacy property. Consider using 'AWS::S3::BucketPolicy' instead" })),
});
