// Small questions about intrinsic functions in template values: is a value still unresolved,
// and which names does it refer to (for the deploy order). Evaluation itself is the template
// module's evaluator (see stack-context.ts).
import { isRecord } from '../../../template/index.js';

/** A template that cannot be evaluated (CloudFormation fails the operation with this text). */
export class EvalFailure extends Error {
  readonly code = 'EVAL_FAILURE';
}

/** True if the value still holds an intrinsic function (it depends on something not known yet). */
export function isUnresolved(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isUnresolved);
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return true;
  return Object.values(value).some(isUnresolved);
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf('.');
  return [s.slice(0, i), s.slice(i + 1)];
}

/** Names a value refers to through Ref, Fn::GetAtt and Fn::Sub (callers keep the resources). */
export function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedIds(v, out));
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') {
        const id = Array.isArray(v) ? v[0] : typeof v === 'string' ? splitOnce(v)[0] : undefined;
        if (typeof id === 'string') out.add(id);
      } else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        if (typeof text === 'string') {
          for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) out.add((m[1] as string).trim().split('.')[0] as string);
        }
        if (Array.isArray(v)) referencedIds(v[1], out);
      } else referencedIds(v, out);
    }
  }
  return out;
}
