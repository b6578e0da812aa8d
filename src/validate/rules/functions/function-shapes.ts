// Argument shapes of intrinsic functions inside resources. Like cfn-lint, a problem is reported
// under the id of the outermost function it sits in (a bad Join inside Fn::Base64 is E1021's);
// Fn::If is transparent except for its own arguments.
import { propertySpecAt, resourceSpec, type TemplatePath } from '../../../template/index.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { REGIONS } from '../regions.js';
import { intrinsicName, isRecord, resourcesOf, usesSam } from '../template-walk.js';

export const FUNCTION_RULES: Record<string, string> = {
  'Fn::Join': 'E1022',
  'Fn::Select': 'E1017',
  'Fn::Split': 'E1018',
  'Fn::Base64': 'E1021',
  'Fn::ImportValue': 'E1016',
  'Fn::GetAZs': 'E1015',
  'Fn::FindInMap': 'E1011',
  'Fn::If': 'E1028',
};

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v).replace(/"/g, "'").replace(/','/g, "', '").replace(/':/g, "': "));
const STRING_FNS = new Set(['Ref', 'Fn::Sub', 'Fn::Join', 'Fn::GetAtt', 'Fn::FindInMap', 'Fn::Select', 'Fn::If', 'Fn::ImportValue', 'Fn::Base64', 'Fn::GetAZs', 'Fn::ToJsonString', 'Fn::Transform']);
/**
 * The functions that may stand for a list, per function taking one (cfn-lint's function
 * schemas): Fn::Join does not take Fn::GetAZs there, Fn::Select does.
 */
const LIST_FNS: Record<'Fn::Join' | 'Fn::Select', Set<string>> = {
  'Fn::Join': new Set(['Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::If', 'Fn::Split', 'Ref']),
  'Fn::Select': new Set(['Fn::GetAZs', 'Fn::Split', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::If', 'Fn::Cidr', 'Ref']),
};
const GETAZS_VALUES = new Set(['', ...REGIONS]);
/** Python's repr of a scalar, as cfn-lint's messages show it. */
const repr = (v: unknown): string => (v === null || v === undefined ? 'None' : v === true ? 'True' : v === false ? 'False' : show(v));
/** An object with one key that names a function, known or not (`Fn::Rain::Embed`, `Rain::Embed` in JSON). */
const isCall = (v: unknown): boolean => isRecord(v) && Object.keys(v).length === 1;

interface Shapes {
  listParams: Set<string>;
  conditions: Set<string>;
  resources: Record<string, unknown>;
  languageExtensions: boolean;
  /** The type of the resource being walked. */
  type: string;
}

type Problem = { path: TemplatePath; message: string };

function count(args: unknown[], min: number, max: number, path: TemplatePath): Problem[] {
  if (args.length > max) return [{ path, message: `expected maximum item count: ${max}, found: ${args.length}` }];
  if (args.length < min) return [{ path, message: `expected minimum item count: ${min}, found: ${args.length}` }];
  return [];
}

function isList(v: unknown, s: Shapes, within: keyof typeof LIST_FNS): boolean {
  if (Array.isArray(v)) return true;
  const fn = intrinsicName(v);
  if (fn === 'Ref') return s.listParams.has(String((v as Record<string, unknown>).Ref));
  return fn !== undefined && LIST_FNS[within].has(fn);
}

function isStringish(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true;
  const fn = intrinsicName(v);
  return fn !== undefined && STRING_FNS.has(fn);
}

/** Shape problems of one function call's own arguments (not of functions nested in them). */
function ownProblems(fn: string, arg: unknown, at: TemplatePath, s: Shapes): Problem[] {
  switch (fn) {
    case 'Fn::Join': {
      if (!Array.isArray(arg)) return [{ path: at, message: `${show(arg)} is not of type 'array'` }];
      const c = count(arg, 2, 2, at);
      return isList(arg[1], s, 'Fn::Join') ? c : [...c, { path: [...at, 1], message: `${show(arg[1])} is not of type 'array'` }];
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg)) return [{ path: at, message: `${show(arg)} is not of type 'array'` }];
      const out: Problem[] = count(arg, 2, 2, at);
      const i = arg[0];
      if (intrinsicName(i) === undefined && !(typeof i === 'number' || (typeof i === 'string' && /^\d+$/.test(i)))) out.push({ path: [...at, 0], message: `${show(i)} is not of type 'integer'` });
      if (!isList(arg[1], s, 'Fn::Select')) out.push({ path: [...at, 1], message: `${show(arg[1])} is not of type 'array'` });
      return out;
    }
    case 'Fn::Base64':
    case 'Fn::ImportValue':
      if (fn === 'Fn::ImportValue' && intrinsicName(arg) === 'Fn::ImportValue') return [{ path: at, message: `${show(arg)} is not of type 'string'` }];
      return isStringish(arg) ? [] : [{ path: at, message: `${show(arg)} is not of type 'string'` }];
    case 'Fn::Split': {
      if (!Array.isArray(arg)) return [{ path: at, message: `${show(arg)} is not of type 'array'` }];
      const c = count(arg, 2, 2, at);
      if (c.length) return c;
      return typeof arg[0] === 'string' ? [] : [{ path: [...at, 0], message: `${show(arg[0])} is not of type 'string'` }];
    }
    case 'Fn::Sub':
      if (isCall(arg)) return [{ path: at, message: `${show(arg)} is not of type 'array', 'string'` }];
      return [];
    case 'Fn::GetAZs':
      // A region name or '' (the stack's region); Ref is the one function allowed.
      if (intrinsicName(arg) === 'Ref') return [];
      if (isRecord(arg) || Array.isArray(arg)) return [{ path: at, message: `${show(arg)} is not of type 'string'` }];
      if (typeof arg !== 'string' || !GETAZS_VALUES.has(arg)) return [{ path: at, message: `${repr(arg)} is not one of [${[...GETAZS_VALUES].map((r) => `'${r}'`).join(', ')}]` }];
      return [];
    case 'Fn::FindInMap': {
      // AWS::LanguageExtensions allows functions and a default value inside Fn::FindInMap.
      if (s.languageExtensions) return [];
      if (!Array.isArray(arg)) return [{ path: at, message: `${show(arg)} is not of type 'array'` }];
      const c = count(arg, 3, 4, at);
      if (c.length) return c;
      return arg.slice(0, 3).flatMap((a, i) => {
        const f = intrinsicName(a);
        return f !== undefined && f !== 'Ref' && f !== 'Fn::FindInMap' && f !== 'Fn::Sub' ? [{ path: [...at, i], message: `${show(a)} is not of type 'string'` }] : [];
      });
    }
    case 'Fn::If': {
      if (!Array.isArray(arg)) return [{ path: at, message: `{'Fn::If': ${show(arg)}} is not of type 'array'` }];
      const c = count(arg, 3, 3, at);
      if (typeof arg[0] === 'string' && s.conditions.size > 0 && !s.conditions.has(arg[0])) c.push({ path: [...at, 0], message: `'${arg[0]}' is not one of [${[...s.conditions].map((n) => `'${n}'`).join(', ')}]` });
      return c;
    }
    case 'Fn::GetAtt': {
      // Checked here only inside another function; alone it is E1010's.
      const parts = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
      const [target, attr] = [parts[0], parts.length > 2 ? parts.slice(1).join('.') : parts[1]];
      if (typeof target !== 'string') return [];
      const res = s.resources[target];
      if (!isRecord(res)) return [{ path: [...at, 0], message: `'${target}' is not one of [${Object.keys(s.resources).map((n) => `'${n}'`).join(', ')}]` }];
      const spec = typeof res.Type === 'string' && !/^(Custom::|AWS::CloudFormation::Stack$)/.test(res.Type) ? resourceSpec(res.Type) : undefined;
      if (spec && typeof attr === 'string' && spec.attributes.size > 0 && !spec.attributes.has(attr)) {
        return [{ path: [...at, 1], message: `'${attr}' is not one of [${[...spec.attributes.keys()].map((n) => `'${n}'`).join(', ')}]` }];
      }
      return [];
    }
    default:
      return [];
  }
}

/** True when the spec wants an object (a property type) at `path` (absolute, under Properties). */
function objectExpected(type: string, path: TemplatePath): boolean {
  const rel = path.slice(3);
  if (path[2] !== 'Properties' || rel.length === 0 || rel.some((p) => typeof p === 'string' && p.startsWith('Fn::'))) return false;
  return propertySpecAt(type, rel)?.type.kind === 'ref';
}

/**
 * Walks a value; `owner` is the rule id of the outermost function around it, if any. `path` is a
 * stack moved in place (a new array per value was most of the walk's cost); findings get copies.
 */
function visit(v: unknown, path: (string | number)[], owner: string | undefined, s: Shapes, out: RuleFinding[]): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      visit(v[i], path, owner, s, out);
      path.pop();
    }
    return;
  }
  if (!isRecord(v)) return;
  const fn = intrinsicName(v);
  if (fn === undefined) {
    for (const k of Object.keys(v)) {
      path.push(k);
      visit(v[k], path, owner, s, out);
      path.pop();
    }
    return;
  }
  if (fn === 'Fn::GetAtt' && owner === undefined) return;
  const here: TemplatePath = [...path];
  const at = [...path, fn];
  const arg = v[fn];
  const id = owner ?? FUNCTION_RULES[fn];
  const problems = id ? ownProblems(fn, arg, at, s) : [];
  if (fn === 'Fn::FindInMap' && owner === undefined && objectExpected(s.type, here)) {
    problems.push({ path: here, message: `${show(v)} is not of type 'object'` });
  }
  if (fn === 'Fn::Join' && intrinsicName(arg) !== undefined && owner !== undefined) {
    // A function standing for the whole argument list breaks the enclosing function too.
    problems.push({ path: here, message: `Fn::Join needs a list [delimiter, values]; ${show(arg)} cannot stand for its arguments` });
  }
  for (const p of problems) out.push({ ...p, ruleId: id as string });
  // Like cfn-lint, a broken Fn::If is not looked into further.
  if (fn === 'Fn::If' && problems.length > 0) return;
  const inner = fn === 'Fn::If' ? owner : id;
  if (fn === 'Fn::If' && Array.isArray(arg)) arg.slice(1).forEach((x, i) => visit(x, [...at, i + 1], inner, s, out));
  else visit(arg, [...at], inner, s, out);
}

const cache = new WeakMap<object, RuleFinding[]>();

/** Function shape findings of the template with rule id `id`. */
export function functionFindings(ctx: RuleContext, id: string): RuleFinding[] {
  let all = cache.get(ctx.body);
  if (!all) {
    const params = isRecord(ctx.body.Parameters) ? ctx.body.Parameters : {};
    const listParams = new Set(
      Object.entries(params)
        .filter(([, p]) => isRecord(p) && typeof p.Type === 'string' && (p.Type === 'CommaDelimitedList' || p.Type.startsWith('List<') || /Value<List</.test(p.Type)))
        .map(([k]) => k),
    );
    listParams.add('AWS::NotificationARNs');
    const conditions = new Set(Object.keys(isRecord(ctx.body.Conditions) ? ctx.body.Conditions : {}));
    const resources = isRecord(ctx.body.Resources) ? ctx.body.Resources : {};
    all = [];
    // Transforms (SAM, language extensions) accept function forms plain CloudFormation does not.
    const languageExtensions = JSON.stringify(ctx.body.Transform ?? '').includes('LanguageExtensions');
    const sam = usesSam(ctx.body);
    for (const r of resourcesOf(ctx)) {
      // SAM resources are rewritten by the transform before CloudFormation reads them.
      if (sam && r.type.startsWith('AWS::Serverless::')) continue;
      visit(r.raw.Properties, [...r.path, 'Properties'], undefined, { listParams, conditions, resources, languageExtensions, type: r.type }, all);
    }
    cache.set(ctx.body, all);
  }
  return all.filter((f) => f.ruleId === id).map(({ path, message }) => ({ path, message }));
}
