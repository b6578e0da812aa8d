// cfn_nag W51: S3 bucket should likely have a bucket policy
import type { RuleContext } from '../../types.js';
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { isRecord, resourcesOf } from '../template-walk.js';

/** Buckets some AWS::S3::BucketPolicy of the template points at. */
function bucketsWithPolicy(ctx: RuleContext): Set<string> {
  return new Set(resourcesOf(ctx, 'AWS::S3::BucketPolicy').flatMap((p) => (isRecord(p.props.Bucket) && typeof p.props.Bucket.Ref === 'string' ? [p.props.Bucket.Ref] : [])));
}

export const W51 = cfnNagRule({
  id: 'W51',
  shortDescription: 'S3 bucket should likely have a bucket policy',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::Bucket'], 'S3 bucket should likely have a bucket policy', (r, ctx) => !bucketsWithPolicy(ctx).has(r.id)),
});
