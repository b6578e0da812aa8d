// cfn_nag W62: ApiGateway SecurityPolicy should use TLS 1.2
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const W62 = cfnNagRule({
  id: 'W62',
  shortDescription: 'ApiGateway SecurityPolicy should use TLS 1.2',
  tags: ['security', 'apigateway'],
  check: (ctx) => flagResources(ctx, ['AWS::ApiGateway::DomainName'], 'ApiGateway SecurityPolicy should use TLS 1.2', (r) => r.props.SecurityPolicy !== 'TLS_1_2'),
});
