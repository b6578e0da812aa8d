// cfn_nag W45: ApiGateway Deployment resource should have AccessLogSetting property configured when creating an API Stage itself (through specifying the StageName and StageDescription properties).
import { cfnNagRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import { flagResources, isSet } from './flag.js';

export const W45 = cfnNagRule({
  id: 'W45',
  shortDescription: 'ApiGateway Deployment resource should have AccessLogSetting property configured when creating an API Stage itself (through specifying the StageName and StageDescription properties).',
  tags: ['security', 'apigateway'],
  check: (ctx) => flagResources(ctx, ['AWS::ApiGateway::Deployment'], 'ApiGateway Deployment resource should have AccessLogSetting property configured when creating an API Stage itself (through specifying the StageName and StageDescription properties).', (r) => !isRecord(r.props.StageDescription) || !isSet(r.props.StageDescription.AccessLogSetting)),
});
