// cfn_nag W1: credentials written into AWS::CloudFormation::Authentication metadata are in the template.
import { cfnNagRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import { flagResources } from './flag.js';

const MESSAGE = 'Specifying credentials in the template itself is probably not the safest thing';
const SECRET_KEYS = ['accessKeyId', 'secretKey', 'password'];

export const W1 = cfnNagRule({
  id: 'W1',
  shortDescription: MESSAGE,
  tags: ['security', 'credentials'],
  check: (ctx) =>
    flagResources(ctx, [], MESSAGE, (r) => {
      const auth = isRecord(r.raw.Metadata) ? r.raw.Metadata['AWS::CloudFormation::Authentication'] : undefined;
      return isRecord(auth) && Object.values(auth).some((a) => isRecord(a) && SECRET_KEYS.some((k) => k in a));
    }),
});
