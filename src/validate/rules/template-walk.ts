// Small readers over a template body that many rules share.
import { isRecord, type TemplatePath } from '../../template/index.js';
import type { RuleContext } from '../types.js';

export interface ResourceEntry {
  id: string;
  type: string;
  raw: Record<string, unknown>;
  props: Record<string, unknown>;
  path: TemplatePath;
}

const resourceCache = new WeakMap<object, { all: ResourceEntry[]; byType: Map<string, ResourceEntry[]>; byTypes: Map<string, ResourceEntry[]> }>();

/** The resources of a template (optionally of some types), in template order; indexed once per template. */
export function resourcesOf(ctx: RuleContext, ...types: string[]): ResourceEntry[] {
  let index = resourceCache.get(ctx.body);
  if (!index) {
    const section = isRecord(ctx.body.Resources) ? ctx.body.Resources : {};
    const all: ResourceEntry[] = [];
    const byType = new Map<string, ResourceEntry[]>();
    for (const [id, raw] of Object.entries(section)) {
      if (!isRecord(raw)) continue;
      const type = typeof raw.Type === 'string' ? raw.Type : '';
      const entry = { id, type, raw, props: isRecord(raw.Properties) ? raw.Properties : {}, path: ['Resources', id] };
      all.push(entry);
      const same = byType.get(type);
      if (same) same.push(entry);
      else byType.set(type, [entry]);
    }
    index = { all, byType, byTypes: new Map() };
    resourceCache.set(ctx.body, index);
  }
  if (types.length === 0) return index.all;
  if (types.length === 1) return index.byType.get(types[0] as string) ?? [];
  // Many rules ask for the same few types on every template: filter once per template.
  const key = types.join('\u0000');
  let list = index.byTypes.get(key);
  if (!list) {
    const wanted = new Set(types);
    list = index.all.filter((r) => wanted.has(r.type));
    index.byTypes.set(key, list);
  }
  return list;
}

/** The path cfn_nag reports a resource at: its `Type` key. */
export const typePath = (r: ResourceEntry): TemplatePath => [...r.path, 'Type'];

/**
 * Calls `visit` for every value under `value`, depth first, with its path. The path given to
 * `visit` is one array changed in place as the walk moves (a new array per value was most of the
 * walk's cost): copy it (`[...p]`) to keep it.
 */
export function walk(value: unknown, path: TemplatePath, visit: (v: unknown, p: TemplatePath) => void | 'skip'): void {
  const stack: (string | number)[] = [...path];
  const go = (v: unknown): void => {
    if (visit(v, stack) === 'skip') return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        stack.push(i);
        go(v[i]);
        stack.pop();
      }
    } else if (isRecord(v)) {
      for (const k of Object.keys(v)) {
        stack.push(k);
        go(v[k]);
        stack.pop();
      }
    }
  };
  go(value);
}

const INTRINSIC = /^(Ref|Condition|Fn::[A-Za-z0-9]+)$/;

/** The function name when `v` is an intrinsic function call ({ Ref }, { "Fn::X" }), else undefined. */
export function intrinsicName(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && INTRINSIC.test(keys[0] as string) ? keys[0] : undefined;
}

/** CloudFormation accepts booleans as true/false or their strings. */
export const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
export const isFalse = (v: unknown): boolean => v === false || (typeof v === 'string' && v.toLowerCase() === 'false');

/** A list when `v` is one, a one-element list for a single value, else empty. */
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export { isRecord };

/**
 * The literal values `value` can take, looking through Fn::If branches (each branch keeps its
 * own path). Other intrinsic functions are not literals and are left out.
 */
export function literalBranches(value: unknown, path: TemplatePath): { value: unknown; path: TemplatePath }[] {
  const fn = intrinsicName(value);
  if (fn === undefined) return [{ value, path }];
  if (fn !== 'Fn::If') return [];
  const args = (value as Record<string, unknown>)['Fn::If'];
  if (!Array.isArray(args) || args.length !== 3) return [];
  return [...literalBranches(args[1], [...path, 'Fn::If', 1]), ...literalBranches(args[2], [...path, 'Fn::If', 2])];
}

/** True when the template uses the SAM transform (its implicit resources are not in the text). */
export const usesSam = (body: Record<string, unknown>): boolean => JSON.stringify(body.Transform ?? '').includes('AWS::Serverless');

/** True when the template has any Transform (macros can add or rewrite anything). */
export const hasTransform = (body: Record<string, unknown>): boolean => body.Transform !== undefined;
