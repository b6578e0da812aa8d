// cfn_nag W84: CloudWatchLogs LogGroup should specify a KMS Key Id to encrypt the log data
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W84 = cfnNagRule({
  id: 'W84',
  shortDescription: 'CloudWatchLogs LogGroup should specify a KMS Key Id to encrypt the log data',
  tags: ['security', 'logs'],
  check: (ctx) => flagResources(ctx, ['AWS::Logs::LogGroup'], 'CloudWatchLogs LogGroup should specify a KMS Key Id to encrypt the log data', (r) => !isSet(r.props.KmsKeyId)),
});
