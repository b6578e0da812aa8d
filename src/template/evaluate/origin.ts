// Where generated content came from: Fn::ForEach copies its fragment once per item, and the
// copies have paths the file does not have. Each copied map and list carries, as a hidden
// property, the path of the fragment it came from, so errors still point into the file.
import type { TemplatePath } from '../source-map.js';

const ORIGIN = Symbol('meridian.origin');

/** Marks `value` (a map or list) as copied from `path`; returns it. */
export function withOrigin<T extends object>(value: T, path: TemplatePath): T {
  Object.defineProperty(value, ORIGIN, { value: path, enumerable: false });
  return value;
}

/** The path `value` was copied from, if it was generated. */
export function originOf(value: unknown): TemplatePath | undefined {
  return typeof value === 'object' && value !== null ? ((value as Record<symbol, TemplatePath | undefined>)[ORIGIN] ?? undefined) : undefined;
}
