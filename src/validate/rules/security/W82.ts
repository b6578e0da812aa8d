// cfn_nag W82: EKS Cluster EncryptionConfig Provider should specify KeyArn to enable Encryption.
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const W82 = cfnNagRule({
  id: 'W82',
  shortDescription: 'EKS Cluster EncryptionConfig Provider should specify KeyArn to enable Encryption.',
  tags: ['security', 'eks'],
  check: (ctx) => flagResources(ctx, ['AWS::EKS::Cluster'], 'EKS Cluster EncryptionConfig Provider should specify KeyArn to enable Encryption.', (r) => !Array.isArray(r.props.EncryptionConfig) || r.props.EncryptionConfig.length === 0),
});
