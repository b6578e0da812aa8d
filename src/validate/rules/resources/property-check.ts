// Checks resource Properties against the resource spec: unknown properties (E3002), missing
// required ones (E3003), wrong value types (E3012) and values outside an enumeration (E3030).
// One walk per template serves the four rules; each keeps the findings of its own id.
import { resourceSpec, type ResourceTypeSpec, type SpecType, type TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import type { RuleContext } from '../../types.js';
import { intrinsicName, isRecord, resourcesOf } from '../template-walk.js';

export type PropertyProblem = 'E3002' | 'E3003' | 'E3012' | 'E3030';
type Found = RuleFinding & { ruleId: PropertyProblem };

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
// Set by checkResources for the template being walked (cfn-lint strict mode); the walk is synchronous.
let strict = false;
const isNumeric = (v: unknown) => (strict ? typeof v === 'number' : typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))));
const isBoolean = (v: unknown) => typeof v === 'boolean' || (!strict && typeof v === 'string' && /^(true|false)$/i.test(v));

/** Enumerations the spec database lacks (from the services' API references). */
const EXTRA_ENUMS: [string[], readonly string[]][] = [
  [['Ebs', 'VolumeType'], ['gp2', 'gp3', 'io1', 'io2', 'sc1', 'st1', 'standard']],
  [['GeoRestriction', 'RestrictionType'], ['blacklist', 'none', 'whitelist']],
];

function extraEnum(path: TemplatePath): readonly string[] | undefined {
  const named = path.filter((p): p is string => typeof p === 'string' && !p.startsWith('Fn::'));
  return EXTRA_ENUMS.find(([suffix]) => suffix.every((s, i) => named[named.length - suffix.length + i] === s))?.[1];
}

/** cfn-lint's `configure_rules: E3012: strict: true` in the template's Metadata. */
function strictTypes(body: Record<string, unknown>): boolean {
  const lint = isRecord(body.Metadata) ? body.Metadata['cfn-lint'] : undefined;
  const config = isRecord(lint) ? lint.config : undefined;
  const rules = isRecord(config) ? config.configure_rules : undefined;
  const e3012 = isRecord(rules) ? rules.E3012 : undefined;
  return isRecord(e3012) && (e3012.strict === true || e3012.strict === 'true');
}
const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function propertiesOf(spec: ResourceTypeSpec, type: SpecType) {
  return type.kind === 'ref' ? spec.propertyTypes.get(type.name)?.properties : undefined;
}

/** Does `value` have the outline of `type` (used to pick a union member)? */
function outlineMatches(spec: ResourceTypeSpec, type: SpecType, value: unknown): boolean {
  switch (type.kind) {
    case 'primitive':
      return isScalar(value);
    case 'json':
      return true;
    case 'list':
      return Array.isArray(value);
    case 'map':
    case 'tag':
      return isRecord(value);
    case 'ref':
      return isRecord(value) && propertiesOf(spec, type) !== undefined;
    case 'union':
      return type.types.some((t) => outlineMatches(spec, t, value));
  }
}

/** `path` is a stack moved in place as the walk descends; every finding keeps a copy. */
type PathStack = (string | number)[];

function checkValue(spec: ResourceTypeSpec, type: SpecType, value: unknown, path: PathStack, out: Found[]): void {
  const fn = intrinsicName(value);
  if (fn !== undefined) {
    if (fn !== 'Fn::If') return;
    const args = (value as Record<string, unknown>)['Fn::If'];
    if (!Array.isArray(args) || args.length !== 3) return;
    for (const i of [1, 2]) {
      const branch = args[i];
      if (isRecord(branch) && branch.Ref === 'AWS::NoValue') continue;
      path.push('Fn::If', i);
      checkValue(spec, type, branch, path, out);
      path.length -= 2;
    }
    return;
  }
  switch (type.kind) {
    case 'json':
      if (Array.isArray(value)) out.push({ ruleId: 'E3012', path: [...path], message: `${show(value)} is not of type 'object', 'string'` });
      return;
    case 'primitive':
      return checkPrimitive(type, value, path, out);
    case 'tag':
      if (!isRecord(value)) out.push({ ruleId: 'E3012', path: [...path], message: `${show(value)} is not of type 'object'` });
      return;
    case 'list':
      if (!Array.isArray(value)) {
        if (type.element.kind === 'primitive' && isScalar(value)) return;
        out.push({ ruleId: 'E3012', path: [...path], message: `${show(value)} is not of type 'array'` });
        return;
      }
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        checkValue(spec, type.element, value[i], path, out);
        path.pop();
      }
      return;
    case 'map':
      if (!isRecord(value)) out.push({ ruleId: 'E3012', path: [...path], message: `${show(value)} is not of type 'object'` });
      // cfn-lint leaves the values of string maps (environment variables, tags as maps) unchecked.
      else if (type.element.kind !== 'primitive') {
        for (const k of Object.keys(value)) {
          path.push(k);
          checkValue(spec, type.element, value[k], path, out);
          path.pop();
        }
      }
      return;
    case 'ref':
      return checkObject(spec, type, value, path, out);
    case 'union': {
      const member = type.types.find((t) => outlineMatches(spec, t, value));
      if (member) checkValue(spec, member, value, path, out);
      return;
    }
  }
}

function checkPrimitive(type: Extract<SpecType, { kind: 'primitive' }>, value: unknown, path: PathStack, out: Found[]): void {
  const expected = type.primitive === 'date-time' ? 'string' : type.primitive;
  if (strict && expected === 'string' && typeof value !== 'string' && isScalar(value)) {
    out.push({ ruleId: 'E3012', path: [...path], message: `${show(value)} is not of type 'string'` });
    return;
  }
  if (expected === 'null') return;
  const ok =
    expected === 'string' ? isScalar(value) : expected === 'boolean' ? isBoolean(value) : expected === 'integer' || expected === 'number' ? isNumeric(value) : true;
  if (!ok) out.push({ ruleId: 'E3012', path: [...path], message: `${show(value)} is not of type '${expected}'` });
  const allowed = type.allowedValues?.length ? type.allowedValues : extraEnum(path);
  if (allowed && (!ok || !allowed.some((a) => String(a) === String(value)))) {
    out.push({ ruleId: 'E3030', path: [...path], message: `${show(value)} is not one of [${allowed.map(show).join(', ')}]` });
  }
}

/**
 * Properties `aws cloudformation package` fills in from a local path: a string there is not a type
 * error (cfn-lint reports it as W3002 instead).
 */
const PACKAGED = new Set(['Code', 'Content', 'CodeUri', 'ContentUri', 'DefinitionUri', 'BodyS3Location', 'DefinitionS3Location', 'TemplateURL', 'SourceBundle', 'Location', 'S3Location', 'ScriptLocation']);

function checkObject(spec: ResourceTypeSpec, type: SpecType, value: unknown, path: PathStack, out: Found[]): void {
  const props = propertiesOf(spec, type);
  if (!props) return;
  if (typeof value === 'string' && PACKAGED.has(String(path[path.length - 1]))) return;
  if (!isRecord(value)) {
    out.push({ ruleId: 'E3012', path: [...path], message: `${show(value)} is not of type 'object'` });
    return;
  }
  checkMembers(spec, props, value, path, out);
}

function checkMembers(spec: ResourceTypeSpec, props: ResourceTypeSpec['properties'], value: Record<string, unknown>, path: PathStack, out: Found[]): void {
  for (const k of Object.keys(value)) {
    const p = props.get(k);
    if (!p) {
      const hint = [...props.keys()].find((n) => k.startsWith(n) || n.toLowerCase() === k.toLowerCase());
      out.push({ ruleId: 'E3002', path: [...path, k], message: `Additional properties are not allowed ('${k}' was unexpected${hint ? `. Did you mean '${hint}'?` : ''})` });
      continue;
    }
    path.push(k);
    checkValue(spec, p.type, value[k], path, out);
    path.pop();
  }
  for (const name of requiredOf(props)) {
    if (mayBeMissing(value, name)) out.push({ ruleId: 'E3003', path: [...path], message: `'${name}' is a required property` });
  }
}

const requiredCache = new WeakMap<object, string[]>();

/** The required names of a property list, in spec order (listed once per list, not per object checked). */
function requiredOf(props: ResourceTypeSpec['properties']): string[] {
  let names = requiredCache.get(props);
  if (!names) {
    names = [];
    for (const [name, p] of props) if (p.required) names.push(name);
    requiredCache.set(props, names);
  }
  return names;
}

/** Absent, or set by an Fn::If with an AWS::NoValue branch (absent when that branch is taken). */
function mayBeMissing(value: Record<string, unknown>, name: string): boolean {
  if (!(name in value)) return true;
  const v = value[name];
  if (intrinsicName(v) !== 'Fn::If') return false;
  const args = (v as Record<string, unknown>)['Fn::If'];
  return Array.isArray(args) && args.slice(1).some((b) => isRecord(b) && b.Ref === 'AWS::NoValue');
}

/**
 * Requirements the spec database does not carry: a property CloudFormation needs although the
 * schema marks it optional, and groups of which at least one member must be set.
 */
const EXTRA_REQUIRED: Record<string, string[]> = { 'AWS::CloudFormation::Stack': ['TemplateURL'] };
const AT_LEAST_ONE: Record<string, string[]> = { 'AWS::IAM::Policy': ['Groups', 'Roles', 'Users'] };

function extraRequirements(type: string, value: Record<string, unknown>, path: PathStack, out: Found[]): void {
  for (const name of EXTRA_REQUIRED[type] ?? []) if (mayBeMissing(value, name)) out.push({ ruleId: 'E3003', path: [...path], message: `'${name}' is a required property` });
  const group = AT_LEAST_ONE[type];
  if (group && group.every((n) => !(n in value))) for (const n of group) out.push({ ruleId: 'E3003', path: [...path], message: `'${n}' is a required property` });
}

/** Types whose Properties are free-form or rewritten before CloudFormation sees them. */
const SKIP = /^(Custom::|AWS::Serverless::|AWS::CloudFormation::CustomResource$)/;
const CUSTOM = /^(Custom::|AWS::CloudFormation::CustomResource$)/;

function checkResources(ctx: RuleContext): Found[] {
  const out: Found[] = [];
  strict = strictTypes(ctx.body);
  for (const r of resourcesOf(ctx)) {
    if (CUSTOM.test(r.type)) {
      // A custom resource's properties are its provider's, but CloudFormation needs ServiceToken to find it.
      const raw = r.raw.Properties;
      if (raw === undefined || (isRecord(raw) && intrinsicName(raw) === undefined && mayBeMissing(raw, 'ServiceToken'))) {
        out.push({ ruleId: 'E3003', path: [...r.path, 'Properties'], message: "'ServiceToken' is a required property" });
      }
    }
    if (SKIP.test(r.type)) continue;
    const spec = resourceSpec(r.type);
    if (!spec) continue;
    const propsPath = [...r.path, 'Properties'];
    const raw = r.raw.Properties;
    if (raw === undefined) {
      for (const name of spec.requiredProperties) out.push({ ruleId: 'E3003', path: propsPath, message: `'${name}' is a required property` });
      continue;
    }
    const check = (v: unknown, p: (string | number)[]) => {
      const fn = intrinsicName(v);
      if (fn === 'Fn::If') {
        const args = (v as Record<string, unknown>)['Fn::If'];
        if (Array.isArray(args) && args.length === 3) [1, 2].forEach((i) => check(args[i], [...p, 'Fn::If', i]));
      } else if (isRecord(v) && fn === undefined) {
        checkMembers(spec, spec.properties, v, p, out);
        extraRequirements(r.type, v, p, out);
      }
    };
    check(raw, propsPath);
  }
  return out;
}

const cache = new WeakMap<object, Found[]>();

/** The property findings with id `id` for this template (the walk runs once per template). */
export function propertyFindings(ctx: RuleContext, id: PropertyProblem): RuleFinding[] {
  let all = cache.get(ctx.body);
  if (!all) {
    all = checkResources(ctx);
    cache.set(ctx.body, all);
  }
  return all.filter((f) => f.ruleId === id).map(({ path, message }) => ({ path, message }));
}
