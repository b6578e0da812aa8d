// The shapes an object takes once its conditions are decided. cfn-lint checks an object's keys
// (only one of, required, dependencies) per scenario: each condition named in an Fn::If among its
// values is true or false, the same condition the same way everywhere, and a branch that is
// AWS::NoValue removes the key. A check that looked at every key at once would see both branches
// of `A: !If [C, x, !Ref AWS::NoValue]` / `B: !If [C, !Ref AWS::NoValue, y]` together.
import { isRecord } from '../../template/index.js';

/** More conditions than this in one object are not expanded (2^n scenarios); the object is kept as written. */
const MAX_CONDITIONS = 6;

const isNoValue = (v: unknown): boolean => isRecord(v) && Object.keys(v).length === 1 && v.Ref === 'AWS::NoValue';

function ifArgs(v: unknown): [string, unknown, unknown] | undefined {
  if (!isRecord(v) || Object.keys(v).length !== 1) return undefined;
  const args = v['Fn::If'];
  return Array.isArray(args) && args.length === 3 && typeof args[0] === 'string' ? [args[0], args[1], args[2]] : undefined;
}

/** The condition names of the Fn::If a value starts with, nested Fn::If branches included. */
function conditionsOf(v: unknown, into: Set<string>): void {
  const args = ifArgs(v);
  if (!args) return;
  into.add(args[0]);
  conditionsOf(args[1], into);
  conditionsOf(args[2], into);
}

/** The value under one assignment of conditions; undefined when it resolves to AWS::NoValue. */
function resolve(v: unknown, truth: ReadonlyMap<string, boolean>): unknown {
  const args = ifArgs(v);
  if (args && truth.has(args[0])) return resolve(truth.get(args[0]) ? args[1] : args[2], truth);
  return isNoValue(v) ? undefined : v;
}

/**
 * The object under every assignment of the conditions its values' Fn::If name. An object that
 * is itself an Fn::If yields each branch's scenarios. Without conditions: the object itself.
 */
export function objectScenarios(obj: unknown): Record<string, unknown>[] {
  const top = ifArgs(obj);
  if (top) return [...objectScenarios(top[1]), ...objectScenarios(top[2])];
  if (!isRecord(obj)) return [];
  const names = new Set<string>();
  for (const v of Object.values(obj)) conditionsOf(v, names);
  if (names.size === 0 || names.size > MAX_CONDITIONS) return [obj];
  const list = [...names];
  const out: Record<string, unknown>[] = [];
  for (let mask = 0; mask < 1 << list.length; mask++) {
    const truth = new Map(list.map((n, i) => [n, (mask & (1 << i)) !== 0]));
    const shaped: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const r = resolve(v, truth);
      if (r !== undefined) shaped[k] = r;
    }
    out.push(shaped);
  }
  return out;
}

/** The keys of `obj` present (not AWS::NoValue) in at least one scenario. */
export function presentKeys(scenario: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((k) => k in scenario && !isNoValue(scenario[k]));
}

/** Every condition an Fn::If names anywhere under `values`, in the order met. */
export function conditionNamesDeep(values: readonly unknown[]): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isRecord(v)) return;
    const args = ifArgs(v);
    if (args) names.add(args[0]);
    for (const x of Object.values(v)) visit(x);
  };
  values.forEach(visit);
  return [...names];
}

/**
 * Every assignment of `names` that can happen (`possible` rules out those the Conditions
 * section contradicts); none when there are too many conditions to enumerate.
 */
export function assignments(names: readonly string[], possible: (truth: ReadonlyMap<string, boolean>) => boolean): Map<string, boolean>[] {
  if (names.length > MAX_CONDITIONS) return [];
  const out: Map<string, boolean>[] = [];
  for (let mask = 0; mask < 1 << names.length; mask++) {
    const truth = new Map(names.map((n, i) => [n, (mask & (1 << i)) !== 0]));
    if (possible(truth)) out.push(truth);
  }
  return out;
}

/** A value with every Fn::If decided by `truth`, AWS::NoValue keys and items removed. */
export function resolveDeep(v: unknown, truth: ReadonlyMap<string, boolean>): unknown {
  const r = resolve(v, truth);
  if (Array.isArray(r)) return r.map((x) => resolveDeep(x, truth)).filter((x) => x !== undefined);
  if (!isRecord(r)) return r;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(r)) {
    const y = resolveDeep(x, truth);
    if (y !== undefined) out[k] = y;
  }
  return out;
}
