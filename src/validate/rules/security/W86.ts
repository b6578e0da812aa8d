// cfn_nag W86: CloudWatchLogs LogGroup should specify RetentionInDays to expire the log data
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W86 = cfnNagRule({
  id: 'W86',
  shortDescription: 'CloudWatchLogs LogGroup should specify RetentionInDays to expire the log data',
  tags: ['security', 'logs'],
  check: (ctx) => flagResources(ctx, ['AWS::Logs::LogGroup'], 'CloudWatchLogs LogGroup should specify RetentionInDays to expire the log data', (r) => !isSet(r.props.RetentionInDays)),
});
