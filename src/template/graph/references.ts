// Finds the names a piece of a template refers to: Ref, Fn::GetAtt, Fn::Sub variables, and the
// condition expressions reached through Condition / Fn::If. Resolution against the template's
// resources and parameters happens in dependency-graph.ts.
import { isRecord } from '../model.js';
import type { TemplatePath } from '../source-map.js';

export type ReferenceKind = 'Ref' | 'GetAtt' | 'Sub';

/** One name referred to, and where (the path of the intrinsic's key, for positions). */
export interface FoundReference {
  kind: ReferenceKind;
  name: string;
  path: TemplatePath;
}

/** `${Name}` / `${Name.Attr}` variables of a Fn::Sub string; `${!Literal}` is text, not a variable. */
export function subVariables(text: string): string[] {
  const out: string[] = [];
  const pattern = /\$\{([^}]*)\}/g;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const inner = (m[1] ?? '').trim();
    if (inner === '' || inner.startsWith('!')) continue;
    out.push(inner);
  }
  return out;
}

/** Collects references under `value`; `onCondition` is told of every condition name used. */
export function collectReferences(
  value: unknown,
  path: TemplatePath,
  out: FoundReference[],
  onCondition: (name: string, path: TemplatePath) => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectReferences(item, [...path, i], out, onCondition));
    return;
  }
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1 && collectIntrinsic(keys[0] as string, value[keys[0] as string], path, out, onCondition)) return;
  for (const key of keys) collectReferences(value[key], [...path, key], out, onCondition);
}

/** Handles one single-key map that is an intrinsic; false when it is an ordinary map. */
function collectIntrinsic(
  key: string,
  arg: unknown,
  path: TemplatePath,
  out: FoundReference[],
  onCondition: (name: string, path: TemplatePath) => void,
): boolean {
  const at = [...path, key];
  switch (key) {
    case 'Ref':
      if (typeof arg === 'string') out.push({ kind: 'Ref', name: arg, path: at });
      else collectReferences(arg, at, out, onCondition);
      return true;
    case 'Fn::GetAtt': {
      // Long form ["Res", "Attr"], or the string "Res.Attr" some JSON templates use.
      const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
      if (typeof target === 'string') out.push({ kind: 'GetAtt', name: target, path: at });
      if (Array.isArray(arg)) arg.slice(1).forEach((a, i) => collectReferences(a, [...at, i + 1], out, onCondition));
      return true;
    }
    case 'Fn::Sub':
      collectSub(arg, at, out, onCondition);
      return true;
    case 'Condition':
      if (typeof arg === 'string') onCondition(arg, at);
      return true;
    case 'Fn::If':
      if (Array.isArray(arg) && typeof arg[0] === 'string') {
        onCondition(arg[0], [...at, 0]);
        arg.slice(1).forEach((a, i) => collectReferences(a, [...at, i + 1], out, onCondition));
        return true;
      }
      return false;
    default:
      return false;
  }
}

function collectSub(arg: unknown, at: TemplatePath, out: FoundReference[], onCondition: (name: string, path: TemplatePath) => void): void {
  const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  const local = isRecord(vars) ? vars : {};
  if (typeof text === 'string') {
    const textPath = Array.isArray(arg) ? [...at, 0] : at;
    for (const variable of subVariables(text)) {
      if (Object.hasOwn(local, variable)) continue;
      const dot = variable.indexOf('.');
      const name = dot < 0 ? variable : variable.slice(0, dot);
      out.push({ kind: 'Sub', name, path: textPath });
    }
  } else if (text !== undefined) {
    collectReferences(text, Array.isArray(arg) ? [...at, 0] : at, out, onCondition);
  }
  if (vars !== undefined) collectReferences(vars, [...at, 1], out, onCondition);
}
