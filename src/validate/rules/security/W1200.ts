// cfn_nag W1200: SageMaker EndpointConfig should have a KmsKeyId property set.
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W1200 = cfnNagRule({
  id: 'W1200',
  shortDescription: 'SageMaker EndpointConfig should have a KmsKeyId property set.',
  tags: ['security', 'sagemaker'],
  check: (ctx) => flagResources(ctx, ['AWS::SageMaker::EndpointConfig'], 'SageMaker EndpointConfig should have a KmsKeyId property set.', (r) => !isSet(r.props.KmsKeyId)),
});
