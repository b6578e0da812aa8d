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
}

/** The `${...}` variables of an Fn::Sub string; `${!x}` is a literal and not a variable. */
export function subVariables(text: string): string[] {
  const out: string[] = [];
  const re = /\$\{([^}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = (m[1] as string).trim();
    if (!name.startsWith('!')) out.push(name);
  }
  return out;
}

function subReferences(value: unknown, path: TemplatePath, out: Reference[]): void {
  const [text, vars] = Array.isArray(value) ? [value[0], value[1]] : [value, undefined];
  if (typeof text !== 'string') return;
  const local = isRecord(vars) ? new Set(Object.keys(vars)) : new Set<string>();
  for (const name of subVariables(text)) {
    if (local.has(name)) continue;
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) out.push({ kind: 'Sub', target: name.slice(0, dot), attribute: name.slice(dot + 1), path });
    else out.push({ kind: 'Sub', target: name, path });
  }
}

/** Every reference under `value` (at `path`). */
export function referencesIn(value: unknown, path: TemplatePath): Reference[] {
  const out: Reference[] = [];
  walk(value, path, (v, p) => {
    if (!isRecord(v)) return;
    const keys = Object.keys(v);
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
  });
  return out;
}

/** Every reference in the whole template body. */
export function allReferences(body: Record<string, unknown>): Reference[] {
  const out: Reference[] = [];
  for (const [section, value] of Object.entries(body)) out.push(...referencesIn(value, [section]));
  return out;
}

const cache = new WeakMap<object, Reference[]>();

/** allReferences, computed once per template body. */
export function referencesOf(body: Record<string, unknown>): Reference[] {
  let refs = cache.get(body);
  if (!refs) {
    refs = allReferences(body);
    cache.set(body, refs);
  }
  return refs;
}
