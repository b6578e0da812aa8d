// cfn_nag W55: Elastic Load Balancer V2 Listener SslPolicy should use TLS 1.2
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const W55 = cfnNagRule({
  id: 'W55',
  shortDescription: 'Elastic Load Balancer V2 Listener SslPolicy should use TLS 1.2',
  tags: ['security', 'elasticloadbalancingv2'],
  check: (ctx) => flagResources(ctx, ['AWS::ElasticLoadBalancingV2::Listener'], 'Elastic Load Balancer V2 Listener SslPolicy should use TLS 1.2', (r) => typeof r.props.SslPolicy === 'string' && !/TLS-1-2|TLS13|FS-1-2/.test(r.props.SslPolicy)),
});
