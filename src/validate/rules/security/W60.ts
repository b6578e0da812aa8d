// cfn_nag W60: VPC should have a flow log attached
import type { RuleContext } from '../../types.js';
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { isRecord, resourcesOf } from '../template-walk.js';

/** VPCs some AWS::EC2::FlowLog of the template watches. */
function flowLogged(ctx: RuleContext): Set<string> {
  return new Set(resourcesOf(ctx, 'AWS::EC2::FlowLog').flatMap((f) => (isRecord(f.props.ResourceId) && typeof f.props.ResourceId.Ref === 'string' ? [f.props.ResourceId.Ref] : [])));
}

export const W60 = cfnNagRule({
  id: 'W60',
  shortDescription: 'VPC should have a flow log attached',
  tags: ['security', 'ec2'],
  check: (ctx) => flagResources(ctx, ['AWS::EC2::VPC'], 'VPC should have a flow log attached', (r, ctx) => !flowLogged(ctx).has(r.id)),
});
