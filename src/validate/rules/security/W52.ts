// cfn_nag W52: Elastic Load Balancer V2 should have access logging enabled
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { isRecord } from '../template-walk.js';

/** True when a Key/Value attribute list sets `key` to `value`. */
function hasAttribute(list: unknown, key: string, value: string): boolean {
  return Array.isArray(list) && list.some((a) => isRecord(a) && a.Key === key && String(a.Value).toLowerCase() === value);
}

export const W52 = cfnNagRule({
  id: 'W52',
  shortDescription: 'Elastic Load Balancer V2 should have access logging enabled',
  tags: ['security', 'elasticloadbalancingv2'],
  check: (ctx) => flagResources(ctx, ['AWS::ElasticLoadBalancingV2::LoadBalancer'], 'Elastic Load Balancer V2 should have access logging enabled', (r) => !hasAttribute(r.props.LoadBalancerAttributes, 'access_logs.s3.enabled', 'true') && r.props.Type !== 'network'),
});
