// cfn_nag W26: Elastic Load Balancer should have access logging enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';
import { isRecord } from '../template-walk.js';

export const W26 = cfnNagRule({
  id: 'W26',
  shortDescription: 'Elastic Load Balancer should have access logging enabled',
  tags: ['security', 'elasticloadbalancing'],
  check: (ctx) => flagResources(ctx, ['AWS::ElasticLoadBalancing::LoadBalancer'], 'Elastic Load Balancer should have access logging enabled', (r) => !isRecord(r.props.AccessLoggingPolicy) || notTrue(r.props.AccessLoggingPolicy.Enabled)),
});
