// cfn_nag W59: AWS::ApiGateway::Method should not have AuthorizationType set to NONE unless it is of HttpMethod: OPTIONS.
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const W59 = cfnNagRule({
  id: 'W59',
  shortDescription: 'AWS::ApiGateway::Method should not have AuthorizationType set to NONE unless it is of HttpMethod: OPTIONS.',
  tags: ['security', 'apigateway'],
  check: (ctx) => flagResources(ctx, ['AWS::ApiGateway::Method'], 'AWS::ApiGateway::Method should not have AuthorizationType set to NONE unless it is of HttpMethod: OPTIONS.', (r) => r.props.AuthorizationType === 'NONE' && r.props.HttpMethod !== 'OPTIONS'),
});
