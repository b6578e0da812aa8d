// cfn_nag F1000: a security group without egress rules allows all outbound traffic implicitly.
import { cfnNagRule } from '../define.js';
import { resourcesOf, typePath } from '../template-walk.js';
import { groupOf } from './security-group-rules.js';

const MESSAGE = 'Missing egress rule means all traffic is allowed outbound. Make this explicit if it is desired configuration';

export const F1000 = cfnNagRule({
  id: 'F1000',
  shortDescription: MESSAGE,
  tags: ['security', 'ec2', 'security-group'],
  check(ctx) {
    const withEgress = new Set(resourcesOf(ctx, 'AWS::EC2::SecurityGroupEgress').map((e) => groupOf(e.props.GroupId)));
    return resourcesOf(ctx, 'AWS::EC2::SecurityGroup')
      .filter((r) => r.raw.Properties !== undefined && r.props.SecurityGroupEgress === undefined && !withEgress.has(r.id))
      .map((r) => ({ path: typePath(r), message: MESSAGE }));
  },
});
