// The physical names one deployment would claim: its template evaluated with that deployment's
// parameters and pseudo parameters (AWS::Region, AWS::AccountId, AWS::StackName), and every
// explicitly named resource's name put in its namespace (naming.ts).
import { isRecord, modelOf, resolveParameters, resolveTemplate, type ParsedTemplate, type TemplatePath } from '../../template/index.js';
import { namingOf, scopeFor, type NameScope } from './naming.js';

/** One deployment of one template: a stack (stage or production) in one account and region. */
export interface NameTarget {
  /** The stack as configured (meridian.yaml's name). */
  stack: string;
  variant: 'production' | 'stage';
  region: string;
  /** The account id; when not known (the caller's own), any label shared by the targets of that account. */
  account: string;
  /** Whether `account` is a real id (shown in messages) or a label. */
  accountKnown: boolean;
  /** The CloudFormation stack name (AWS::StackName). */
  stackName: string;
  /** The template path findings name. */
  file: string;
  template: ParsedTemplate;
  /** Values known before deploying (literals of meridian.yaml); the template's defaults fill in the rest. */
  parameters: Record<string, string>;
  /** Parameters whose value is only known at deploy time (outputs, SSM, environment): names using them are not judged. */
  unknownParameters?: readonly string[];
}

export interface NameClaim {
  target: NameTarget;
  logicalId: string;
  type: string;
  scope: NameScope;
  /** The property that names the resource, and where the template sets it. */
  property: string;
  path: TemplatePath;
  /** The name as the reader sees it (composite names: `Part=value, ...`). */
  display: string;
  /** Equal keys, equal claims: the namespace and the name in it. */
  key: string;
  /** Template parameters the name's expression reads (a stage parameter can tell stage and production apart). */
  parameters: string[];
}

/** The namespace key of a name: which claims compete for it. */
function keyOf(scope: NameScope, t: NameTarget, type: string, values: readonly string[], caseInsensitive: boolean): string {
  const name = values.map((v) => (caseInsensitive ? v.toLowerCase() : v)).join('\u0000');
  const where = scope === 'global' ? 'global' : scope === 'account' ? t.account : `${t.account}|${t.region}`;
  return `${where}|${type}|${name}`;
}

/** Parameters a raw (unevaluated) value refers to by Ref or in a Fn::Sub string. */
function referencedParameters(value: unknown, declared: ReadonlySet<string>, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\$\{([\w:]+)\}/g)) if (declared.has(m[1] as string)) out.add(m[1] as string);
  } else if (Array.isArray(value)) {
    for (const v of value) referencedParameters(v, declared, out);
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && declared.has(v)) out.add(v);
      else referencedParameters(v, declared, out);
    }
  }
  return out;
}

/** The evaluated template of `t`, or undefined when it cannot be evaluated before deploying. */
function evaluated(t: NameTarget): Record<string, unknown> | undefined {
  const body = t.template.body;
  const model = modelOf(body);
  const unknown = new Set(t.unknownParameters ?? []);
  const given = Object.fromEntries(Object.entries(t.parameters).filter(([k]) => !unknown.has(k) && model.parameters.has(k)));
  const resolved = resolveParameters(model, given);
  for (const k of unknown) delete resolved.values[k];
  const ctx = {
    region: t.region,
    accountId: t.accountKnown ? t.account : '${AWS::AccountId}',
    stackName: t.stackName,
    // Unique per stack: a name that uses it never clashes.
    stackId: `arn:aws:cloudformation:${t.region}:${t.account}:stack/${t.stackName}/\${AWS::StackId}`,
    parameters: resolved.values,
  };
  try {
    // Attributes that cannot be evaluated stay as written: they are simply not names known in advance.
    return resolveTemplate(body, ctx, { onError: () => undefined });
  } catch {
    // A condition that needs a value known only at deploy time: nothing can be said in advance.
    return undefined;
  }
}

/** Every explicitly named resource of one deployment, with the name it would claim. */
export function nameClaims(t: NameTarget): NameClaim[] {
  const out = evaluated(t);
  if (!out || !isRecord(out.Resources)) return [];
  const raw = isRecord(t.template.body.Resources) ? t.template.body.Resources : {};
  const declared = new Set(modelOf(t.template.body).parameters.keys());
  const claims: NameClaim[] = [];
  for (const [logicalId, res] of Object.entries(out.Resources)) {
    if (!isRecord(res) || typeof res.Type !== 'string') continue;
    const naming = namingOf(res.Type);
    const props = isRecord(res.Properties) ? res.Properties : {};
    if (!naming || !(naming.name in props)) continue;
    const values: string[] = [];
    for (const part of naming.parts) {
      const v = props[part];
      // An absent scoping part is the service's default (the default cluster or event bus).
      if (v === undefined && part !== naming.name) values.push('');
      else if (typeof v === 'string' || typeof v === 'number') values.push(String(v));
      else break;
    }
    if (values.length !== naming.parts.length) continue;
    const scope = scopeFor(res.Type, props, naming);
    const rawProps = isRecord(raw[logicalId]) && isRecord((raw[logicalId] as Record<string, unknown>).Properties) ? ((raw[logicalId] as Record<string, unknown>).Properties as Record<string, unknown>) : {};
    const display = naming.parts.length === 1 ? (values[0] as string) : naming.parts.map((p, i) => `${p}=${values[i] || '(default)'}`).join(', ');
    claims.push({
      target: t, logicalId, type: res.Type, scope, property: naming.name,
      path: ['Resources', logicalId, 'Properties', naming.name],
      display,
      key: keyOf(scope, t, res.Type, values, naming.caseInsensitive),
      parameters: [...referencedParameters(naming.parts.map((p) => rawProps[p]), declared)],
    });
  }
  return claims;
}
