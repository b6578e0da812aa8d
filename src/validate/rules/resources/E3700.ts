// CodePipeline accepts source actions in the first stage only.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

export const E3700 = cfnLintRule({
  id: 'E3700',
  severity: 'error',
  shortDescription: 'Validate CodePipeline Source actions are only in the first stage',
  description: 'Actions of category Source appear only in the first stage of a pipeline.',
  tags: ['resources', 'codepipeline'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx, 'AWS::CodePipeline::Pipeline')) {
      const stages = r.props.Stages;
      if (!Array.isArray(stages)) continue;
      stages.forEach((stage, i) => {
        if (i === 0 || !isRecord(stage) || !Array.isArray(stage.Actions)) return;
        stage.Actions.forEach((a, j) => {
          const type = isRecord(a) ? a.ActionTypeId : undefined;
          if (isRecord(type) && type.Category === 'Source') {
            out.push({ path: [...r.path, 'Properties', 'Stages', i, 'Actions', j, 'ActionTypeId', 'Category'], message: "'Source' is not one of ['Build', 'Approval', 'Deploy', 'Test', 'Invoke', 'Compute']" });
          }
        });
      });
    }
    return out;
  },
});
