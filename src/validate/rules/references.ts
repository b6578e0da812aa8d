// Where a template refers to its own names: Ref, Fn::GetAtt, ${...} in Fn::Sub, Fn::FindInMap,
// Condition names. Several rules (unused, undefined, circular) read the same list.
import { isRecord, type TemplatePath } from '../../template/index.js';
import { walk } from './template-walk.js';

export type ReferenceKind = 'Ref' | 'GetAtt' | 'Sub' | 'FindInMap' | 'Condition' | 'If';

export interface Reference {
  kind: ReferenceKind;
  /** The name referred to (logical id, parameter, mapping or condition). */
  target: string;
  /** For GetAtt and `${Res.Attr}`: the attribute. */
  attribute?: string;
  /** The path of the function call (e.g. [..., 'Ref']). */
  path: TemplatePath;
  /** A `${...}` cfn-lint never checks: its Fn::Sub's variable map fails first (sub-arguments.ts). */
  unchecked?: true;
}

/**
 * The `${...}` variables of an Fn::Sub string, as cfn-lint reads them: `${!x}` is a literal,
 * `${}` and `${ }` are no variable, spaces around a name do not count.
 */
export function subVariables(text: string): string[] {
  const out: string[] = [];
  const re = /\$\{\s*([^!\s].*?)\s*\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push(m[1] as string);
  return out;
}

// cfn-lint checks the variables of an Fn::Sub string (E1019, W2010, W1020, ...) only when the
// function's arguments pass first: a finding anywhere in the variable map (I1022 on an Fn::Join
// with an empty delimiter, W1020 on an Fn::Sub without variables) ends the Sub's checks there,
// whether or not that finding's rule is reported.
/** Join with '' over strings, Ref, GetAtt and string Subs: what cfn-lint's I1022 reports. */
function preferSub(arg: unknown): boolean {
  if (!Array.isArray(arg) || arg[0] !== '' || !Array.isArray(arg[1])) return false;
  return arg[1].every((x) => {
    if (!isRecord(x) || Object.keys(x).length !== 1) return true;
    const [k, v] = Object.entries(x)[0] as [string, unknown];
    return k === 'Ref' || k === 'Fn::GetAtt' || (k === 'Fn::Sub' && typeof v === 'string');
  });
}

function withoutVariables(arg: unknown): boolean {
  const text = Array.isArray(arg) ? arg[0] : arg;
  return typeof text === 'string' && subVariables(text).length === 0;
}

function hasFinding(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasFinding);
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 1) {
    if (keys[0] === 'Fn::Join' && preferSub(v['Fn::Join'])) return true;
    if (keys[0] === 'Fn::Sub' && withoutVariables(v['Fn::Sub'])) return true;
  }
  return keys.some((k) => hasFinding(v[k]));
}

/** False when cfn-lint stops at the variable map of this Fn::Sub argument and never reads its string. */
export function subStringChecked(arg: unknown): boolean {
  return !(Array.isArray(arg) && isRecord(arg[1]) && hasFinding(Object.values(arg[1])));
}

function subReferences(value: unknown, path: TemplatePath, out: Reference[]): void {
  const [text, vars] = Array.isArray(value) ? [value[0], value[1]] : [value, undefined];
  if (typeof text !== 'string') return;
  const local = isRecord(vars) ? new Set(Object.keys(vars)) : new Set<string>();
  const unchecked = subStringChecked(value) ? {} : { unchecked: true as const };
  for (const name of subVariables(text)) {
    if (local.has(name)) continue;
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) out.push({ kind: 'Sub', target: name.slice(0, dot), attribute: name.slice(dot + 1), path, ...unchecked });
    else out.push({ kind: 'Sub', target: name, path, ...unchecked });
  }
}

/** A map holding an Fn::Sub or Fn::FindInMap key (the function call itself when it is the only key). */
export interface FunctionNode {
  value: Record<string, unknown>;
  path: TemplatePath;
}

/** What one walk over a template finds for the rules that read references and function calls. */
interface TemplateIndex {
  references: Reference[];
  subs: FunctionNode[];
  findInMaps: FunctionNode[];
}

function referenceAt(v: Record<string, unknown>, p: TemplatePath, out: Reference[], keys: readonly string[] = Object.keys(v)): void {
  if (keys.length !== 1) return;
  const key = keys[0] as string;
  const arg = v[key];
  // The walk's path is reused; each reference keeps its own copy.
  const at = (): TemplatePath => [...p, key];
  if (key === 'Ref' && typeof arg === 'string') out.push({ kind: 'Ref', target: arg, path: at() });
  else if (key === 'Fn::GetAtt') {
    const parts = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
    if (typeof parts[0] === 'string') {
      const attr = Array.isArray(arg) ? (typeof arg[1] === 'string' ? arg[1] : undefined) : parts.slice(1).join('.');
      out.push({ kind: 'GetAtt', target: parts[0], ...(attr !== undefined ? { attribute: attr } : {}), path: at() });
    }
  } else if (key === 'Fn::Sub') subReferences(arg, at(), out);
  else if (key === 'Fn::FindInMap' && Array.isArray(arg) && typeof arg[0] === 'string') out.push({ kind: 'FindInMap', target: arg[0], path: at() });
  else if (key === 'Condition' && typeof arg === 'string') out.push({ kind: 'Condition', target: arg, path: at() });
  else if (key === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string') out.push({ kind: 'If', target: arg[0], path: at() });
}

/** Every reference under `value` (at `path`). */
export function referencesIn(value: unknown, path: TemplatePath): Reference[] {
  const out: Reference[] = [];
  walk(value, path, (v, p) => {
    if (isRecord(v)) referenceAt(v, p, out);
  });
  return out;
}

const cache = new WeakMap<object, TemplateIndex>();

/** The template's references and Fn::Sub / Fn::FindInMap nodes, from one walk, once per template. */
function indexOf(body: Record<string, unknown>): TemplateIndex {
  let index = cache.get(body);
  if (!index) {
    const found: TemplateIndex = { references: [], subs: [], findInMaps: [] };
    // Its own walk rather than walk(): each map's keys are listed once, for the reference and
    // for the descent (this is the walk over every value of every template).
    const path: (string | number)[] = [];
    const go = (v: unknown): void => {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          go(v[i]);
          path.pop();
        }
        return;
      }
      if (!isRecord(v)) return;
      const keys = Object.keys(v);
      referenceAt(v, path, found.references, keys);
      if ('Fn::Sub' in v) found.subs.push({ value: v, path: [...path] });
      if ('Fn::FindInMap' in v) found.findInMaps.push({ value: v, path: [...path] });
      for (const k of keys) {
        path.push(k);
        go(v[k]);
        path.pop();
      }
    };
    go(body);
    index = found;
    cache.set(body, index);
  }
  return index;
}

/** Every reference in the whole template body, computed once per template. */
export const referencesOf = (body: Record<string, unknown>): Reference[] => indexOf(body).references;

/** Every map with an Fn::Sub key, in template order. */
export const subNodesOf = (body: Record<string, unknown>): FunctionNode[] => indexOf(body).subs;

/** Every map with an Fn::FindInMap key, in template order. */
export const findInMapNodesOf = (body: Record<string, unknown>): FunctionNode[] => indexOf(body).findInMaps;
