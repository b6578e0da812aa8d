// A nested stack gets exactly the parameters its template declares: every one without a Default,
// and none it does not know. Checked when TemplateURL is a local file (before packaging).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTemplate, type TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

interface Declared {
  all: Set<string>;
  required: string[];
}

function nestedParameters(dir: string, url: string): Declared | undefined {
  if (/^(https?|s3):\/\//.test(url)) return undefined;
  let text: string;
  try {
    text = readFileSync(resolve(dir, url), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseTemplate(text, url, { unknownTags: 'function' });
  if (!parsed.ok) return undefined;
  const params = isRecord(parsed.template.body.Parameters) ? parsed.template.body.Parameters : {};
  return { all: new Set(Object.keys(params)), required: Object.entries(params).filter(([, p]) => isRecord(p) && !('Default' in p)).map(([k]) => k) };
}

/** The parameter maps a stack can be given: one, or one per Fn::If branch. */
function variants(v: unknown): Record<string, unknown>[] {
  const args = isRecord(v) ? v['Fn::If'] : undefined;
  if (Array.isArray(args) && args.length === 3) return [...variants(args[1]), ...variants(args[2])];
  return isRecord(v) ? [v] : [];
}

export const E3043 = cfnLintRule({
  id: 'E3043',
  severity: 'error',
  shortDescription: 'Validate parameters for in a nested stack',
  description: 'A nested stack passes every parameter its (local) template requires and no parameter it does not declare.',
  tags: ['resources', 'cloudformation', 'nested stacks'],
  check(ctx) {
    if (!ctx.dir) return [];
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx, 'AWS::CloudFormation::Stack')) {
      const url = r.props.TemplateURL;
      const declared = typeof url === 'string' ? nestedParameters(ctx.dir, url) : undefined;
      if (!declared) continue;
      const at: TemplatePath = [...r.path, 'Properties', 'Parameters'];
      const given = r.props.Parameters;
      const scenarios = given === undefined ? [{}] : variants(given);
      const conditional = scenarios.length > 1;
      for (const params of scenarios) {
        for (const name of declared.required) if (!(name in params)) out.push({ path: at, message: `Nested stack template parameter "${name}" is not specified` });
        for (const name of Object.keys(params)) {
          if (!declared.all.has(name)) out.push({ path: conditional ? at : [...at, name], message: `Specified parameter "${name}" doesn't exist in nested stack template` });
        }
      }
    }
    return out;
  },
});
