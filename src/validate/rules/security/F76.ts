// cfn_nag F76: KMS key should not allow * principal
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardPrincipal } from './policy-document.js';

export const F76 = cfnNagRule({
  id: 'F76',
  shortDescription: 'KMS key should not allow * principal',
  tags: ['security', 'kms'],
  check: (ctx) => flagResources(ctx, ['AWS::KMS::Key'], 'KMS key should not allow * principal', (r) => allowsWildcardPrincipal(r.props.KeyPolicy)),
});
