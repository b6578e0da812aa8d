// cfn_nag W77: Secrets Manager Secret should explicitly specify KmsKeyId. Besides control of the key this will allow the secret to be shared cross-account
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W77 = cfnNagRule({
  id: 'W77',
  shortDescription: 'Secrets Manager Secret should explicitly specify KmsKeyId. Besides control of the key this will allow the secret to be shared cross-account',
  tags: ['security', 'secretsmanager'],
  check: (ctx) => flagResources(ctx, ['AWS::SecretsManager::Secret'], 'Secrets Manager Secret should explicitly specify KmsKeyId. Besides control of the key this will allow the secret to be shared cross-account', (r) => !isSet(r.props.KmsKeyId)),
});
