// cfn_nag W1201: SageMaker NotebookInstance should have a KmsKeyId property set.
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W1201 = cfnNagRule({
  id: 'W1201',
  shortDescription: 'SageMaker NotebookInstance should have a KmsKeyId property set.',
  tags: ['security', 'sagemaker'],
  check: (ctx) => flagResources(ctx, ['AWS::SageMaker::NotebookInstance'], 'SageMaker NotebookInstance should have a KmsKeyId property set.', (r) => !isSet(r.props.KmsKeyId)),
});
