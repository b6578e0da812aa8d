// `${Name}` in a plain string is sent to AWS literally: a forgotten Fn::Sub, when Name is
// something Fn::Sub would have replaced. cfn-lint flags only variables that name a parameter, a
// resource, a pseudo parameter or a resource's attribute: `${event.RequestType}` in inline
// Lambda code or `${aws:username}` in a policy are not template names and are left alone.
import { PSEUDO_PARAMETERS, resourceSpec } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, walk } from '../template-walk.js';

/** The variable syntax cfn-lint looks for; `${!Literal}` and `${a b}` are not variables. */
const VARIABLE = /\$\{([A-Za-z0-9_:.]+)\}/g;

/** Types whose attributes are open-ended (stack outputs, custom resource return values). */
const OPEN = /^(Custom::|AWS::CloudFormation::(Stack|CustomResource)$|AWS::Serverless::|AWS::ServiceCatalog::CloudFormationProvisionedProduct$)/;

function isNamed(name: string, refs: ReadonlySet<string>, types: ReadonlyMap<string, string>): boolean {
  if (refs.has(name)) return true;
  const dot = name.indexOf('.');
  if (dot <= 0) return false;
  const type = types.get(name.slice(0, dot));
  if (type === undefined) return false;
  if (OPEN.test(type)) return true;
  return resourceSpec(type)?.attributes.has(name.slice(dot + 1)) ?? false;
}

/** Step Functions replace `${x}` in a definition from DefinitionSubstitutions themselves. */
function substitutedByStateMachine(body: Record<string, unknown>, path: readonly (string | number)[], name: string): boolean {
  for (const key of ['DefinitionString', 'Definition']) {
    const i = path.indexOf(key);
    if (i < 0) continue;
    let at: unknown = body;
    for (const step of [...path.slice(0, i), 'DefinitionSubstitutions']) at = isRecord(at) ? at[String(step)] : undefined;
    if (isRecord(at) && at[name] !== undefined && at[name] !== null && at[name] !== '') return true;
  }
  return false;
}

export const E1029 = cfnLintRule({
  id: 'E1029',
  severity: 'error',
  shortDescription: 'Sub is required if a variable is used in a string',
  description: 'A string holding ${Parameter}, ${Resource} or ${Resource.Attribute} outside Fn::Sub is a forgotten Fn::Sub.',
  tags: ['functions', 'sub'],
  check({ body }) {
    const resources = isRecord(body.Resources) ? body.Resources : {};
    const types = new Map<string, string>();
    for (const [id, r] of Object.entries(resources)) types.set(id, isRecord(r) && typeof r.Type === 'string' ? r.Type : '');
    const refs = new Set<string>([...Object.keys(isRecord(body.Parameters) ? body.Parameters : {}), ...types.keys(), ...PSEUDO_PARAMETERS]);
    const out: RuleFinding[] = [];
    walk(body, [], (v, p) => {
      if (isRecord(v) && 'Fn::Sub' in v) return 'skip';
      if (typeof v !== 'string' || !v.includes('${')) return;
      // A nested stack's inline template has its own variables.
      if (p[p.length - 1] === 'TemplateBody') return;
      const inDefinition = p.includes('DefinitionString');
      for (const m of v.matchAll(VARIABLE)) {
        const name = (m[1] as string).trim();
        if (substitutedByStateMachine(body, p, name)) continue;
        if (!inDefinition && !isNamed(name, refs, types)) continue;
        out.push({ path: [...p], message: `Found an embedded parameter "\${${name}}" outside of an "Fn::Sub" at ${p.join('/')}` });
      }
    });
    return out;
  },
});
