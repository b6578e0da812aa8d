// cfn_nag W69: AWS::ApiGateway::Stage should have the AccessLogSetting property defined.
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W69 = cfnNagRule({
  id: 'W69',
  shortDescription: 'AWS::ApiGateway::Stage should have the AccessLogSetting property defined.',
  tags: ['security', 'apigateway'],
  check: (ctx) => flagResources(ctx, ['AWS::ApiGateway::Stage'], 'AWS::ApiGateway::Stage should have the AccessLogSetting property defined.', (r) => !isSet(r.props.AccessLogSetting)),
});
