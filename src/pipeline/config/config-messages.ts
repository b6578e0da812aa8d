// Schema problems in the user's words. zod says "Invalid input: expected boolean, received string";
// a person editing meridian.yaml needs "must be true or false, not 'yes'", and for a misspelt key or
// value the one they meant. The allowed keys come from the schema itself, so they never go stale.
import type { z } from 'zod';
import { closest, didYouMean } from './suggest.js';

type Path = (string | number)[];

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  entries?: Record<string, unknown>;
}

const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The object schemas a value at `path` may be checked against (several under a union). */
function objectsAt(schema: unknown, path: Path): Def[] {
  const def = defOf(schema);
  if (!def) return [];
  switch (def.type) {
    case 'default':
    case 'optional':
    case 'nullable':
    case 'prefault':
    case 'readonly':
      return objectsAt(def.innerType, path);
    case 'pipe':
      return objectsAt(def.in, path);
    case 'union':
      return (def.options ?? []).flatMap((o) => objectsAt(o, path));
    case 'array':
      return typeof path[0] === 'number' ? objectsAt(def.element, path.slice(1)) : [];
    case 'record':
      return path.length > 0 ? objectsAt(def.valueType, path.slice(1)) : [];
    case 'object':
      if (path.length === 0) return [def];
      return objectsAt(def.shape?.[String(path[0])], path.slice(1));
    default:
      return [];
  }
}

/** The keys meridian.yaml allows in the mapping at `path`. */
export function keysAt(schema: z.ZodType, path: Path): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((d) => Object.keys(d.shape ?? {})))];
}

/** The value at `path` inside `value`, or undefined. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

const shown = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : v === null || v === undefined ? 'nothing' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : String(v));

const EXPECTED: Record<string, string> = {
  boolean: 'true or false',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  array: 'a list such as [a, b]',
  object: 'a mapping of keys to values',
  record: 'a mapping of keys to values',
};

export interface SchemaIssue {
  code: string;
  path: Path;
  message: string;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  format?: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  errors?: SchemaIssue[][];
}

/** One message for a zod issue, given the value the user wrote there. */
export function issueMessage(schema: z.ZodType, issue: SchemaIssue, value: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, issue.path);
      return (issue.keys ?? [])
        .map((k) => {
          const near = closest(k, allowed);
          return `unknown key '${k}'${near ? ` (did you mean '${near}'?)` : allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`;
        })
        .join('; ');
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map(String);
      return `must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}, not ${shown(value)}${typeof value === 'string' ? didYouMean(value, values) : ''}`;
    }
    case 'invalid_type': {
      if (value === undefined) return `is required (${EXPECTED[issue.expected ?? ''] ?? issue.expected})`;
      const keys = issue.expected === 'object' ? keysAt(schema, issue.path) : [];
      if (keys.length) return `must be a mapping (keys: ${keys.join(', ')}), not ${shown(value)}`;
      return `must be ${EXPECTED[issue.expected ?? ''] ?? issue.expected}, not ${shown(value)}`;
    }
    case 'invalid_union':
      return unionMessage(schema, issue, value);
    case 'too_small':
      if (issue.origin === 'array') return Number(issue.minimum) <= 1 ? 'must list at least one entry' : `must list at least ${String(issue.minimum)} entries`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${String(issue.minimum)}, not ${shown(value)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}, not ${shown(value)}`;
    case 'invalid_format':
      return issue.format === 'url' ? `must be a URL such as https://example.com/x, not ${shown(value)}` : issue.message;
    default:
      return issue.message;
  }
}

/** The schema node at `path`, wrappers (default, optional, pipe) taken off. */
function nodeAt(schema: unknown, path: Path): Def | undefined {
  const def = defOf(schema);
  if (!def) return undefined;
  if (['default', 'optional', 'nullable', 'prefault', 'readonly'].includes(def.type)) return nodeAt(def.innerType, path);
  if (def.type === 'pipe') return nodeAt(def.in, path);
  if (path.length === 0) return def;
  if (def.type === 'array') return nodeAt(def.element, path.slice(1));
  if (def.type === 'record') return nodeAt(def.valueType, path.slice(1));
  if (def.type === 'object') return nodeAt(def.shape?.[String(path[0])], path.slice(1));
  return undefined;
}

/** What a union accepts, in words: "a string", "a list", "{ output: … }". */
function forms(def: Def | undefined): string[] {
  if (!def) return [];
  if (['default', 'optional', 'nullable', 'pipe'].includes(def.type)) return forms(nodeAt(def.innerType ?? def.in, []));
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((o) => forms(nodeAt(o, []))))];
  if (def.type === 'object') return [`{ ${Object.keys(def.shape ?? {}).join(', ')} }`];
  if (def.type === 'enum') return Object.keys(def.entries ?? {});
  return [EXPECTED[def.type]?.replace(' such as [a, b]', '') ?? `a ${def.type}`];
}

/** A value that fits none of a union's forms: say which forms there are, and which key was meant. */
function unionMessage(schema: z.ZodType, issue: SchemaIssue, value: unknown): string {
  const keys = keysAt(schema, issue.path);
  if (value && typeof value === 'object' && !Array.isArray(value) && keys.length) {
    const wrong = Object.keys(value).find((k) => !keys.includes(k));
    if (wrong) return `unknown key '${wrong}'${didYouMean(wrong, keys) || `; use one of ${keys.map((k) => `{ ${k}: … }`).join(', ')}`}`;
    // The right form, wrong inside: the first specific issue of a branch says what.
    const inner = (issue.errors ?? []).flat().find((i) => i.code !== 'invalid_type' && i.code !== 'invalid_union');
    if (inner) return `${inner.path.length ? `${inner.path.join('.')}: ` : ''}${issueMessage(schema, { ...inner, path: [...issue.path, ...inner.path] }, valueAt(value, inner.path))}`;
  }
  const accepted = forms(nodeAt(schema, issue.path));
  return accepted.length ? `must be ${accepted.join(' or ')}, not ${shown(value)}` : issue.message;
}
