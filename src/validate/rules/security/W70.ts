// cfn_nag W70: Cloudfront should use minimum protocol version TLS 1.2
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { isRecord } from '../template-walk.js';

/** TLS 1.2 at least, on a certificate of one's own (CloudFront's default certificate allows TLS 1.0). */
function usesTls12(config: unknown): boolean {
  const cert = isRecord(config) ? config.ViewerCertificate : undefined;
  if (!isRecord(cert) || cert.CloudFrontDefaultCertificate === true || cert.CloudFrontDefaultCertificate === 'true') return false;
  return typeof cert.MinimumProtocolVersion === 'string' && cert.MinimumProtocolVersion.startsWith('TLSv1.2');
}

export const W70 = cfnNagRule({
  id: 'W70',
  shortDescription: 'Cloudfront should use minimum protocol version TLS 1.2',
  tags: ['security', 'cloudfront'],
  check: (ctx) => flagResources(ctx, ['AWS::CloudFront::Distribution'], 'Cloudfront should use minimum protocol version TLS 1.2', (r) => !usesTls12(r.props.DistributionConfig)),
});
