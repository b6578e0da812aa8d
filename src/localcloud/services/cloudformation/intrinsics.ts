// A small evaluator of intrinsic functions, enough to deploy templates in localcloud. Values it
// cannot resolve yet (attributes of resources not created) stay in long form, so change sets can
// tell static from dynamic changes. The template module's evaluator replaces it when it lands.
import { isRecord } from '../../../template/index.js';

export interface EvalContext {
  /** Value of a parameter, pseudo parameter or resource Ref; undefined when not known yet. */
  ref(name: string): unknown;
  /** Value of Fn::GetAtt; undefined when not known yet. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** Value of Fn::ImportValue; throws EvalFailure when there is no such export. */
  importValue(name: string): string;
  conditions: Record<string, boolean>;
  mappings: Record<string, unknown>;
  region: string;
}

/** A template that cannot be evaluated (CloudFormation fails the operation with this text). */
export class EvalFailure extends Error {
  readonly code = 'EVAL_FAILURE';
}

const NO_VALUE = Symbol('AWS::NoValue');

/** True if the value still holds an intrinsic function (it depends on something not known yet). */
export function isUnresolved(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isUnresolved);
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return true;
  return Object.values(value).some(isUnresolved);
}

/** Evaluates a value; unresolved parts stay as written. AWS::NoValue removes keys/items. */
export function evaluate(value: unknown, ctx: EvalContext): unknown {
  const out = evalNode(value, ctx);
  return out === NO_VALUE ? undefined : out;
}

function evalNode(value: unknown, ctx: EvalContext): unknown {
  if (Array.isArray(value)) return value.map((v) => evalNode(v, ctx)).filter((v) => v !== NO_VALUE);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0] as string;
    if (key === 'Ref') return evalRef(value, ctx);
    if (key.startsWith('Fn::') || key === 'Condition') return evalFunction(key, value[key], value, ctx);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = evalNode(v, ctx);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

function evalRef(node: Record<string, unknown>, ctx: EvalContext): unknown {
  const name = node.Ref;
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (typeof name !== 'string') return node;
  const v = ctx.ref(name);
  return v === undefined ? node : v;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function evalFunction(fn: string, arg: unknown, node: Record<string, unknown>, ctx: EvalContext): unknown {
  switch (fn) {
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3) return node;
      const cond = ctx.conditions[String(arg[0])];
      return evalNode(cond ? arg[1] : arg[2], ctx);
    }
    case 'Fn::GetAtt': {
      const [id, attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? splitOnce(arg) : [];
      const a = evalNode(attr, ctx);
      if (typeof id !== 'string' || typeof a !== 'string') return node;
      const v = ctx.getAtt(id, a);
      return v === undefined ? { 'Fn::GetAtt': [id, a] } : v;
    }
    case 'Fn::Sub':
      return evalSub(arg, node, ctx);
    case 'Fn::ImportValue': {
      const name = evalNode(arg, ctx);
      return typeof name === 'string' ? ctx.importValue(name) : node;
    }
    case 'Condition':
      return typeof arg === 'string' ? ctx.conditions[arg] === true : node;
    default:
      return evalPure(fn, evalNode(arg, ctx), node, ctx);
  }
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf('.');
  return [s.slice(0, i), s.slice(i + 1)];
}

/** Functions that only need their (already evaluated) arguments. */
function evalPure(fn: string, arg: unknown, node: Record<string, unknown>, ctx: EvalContext): unknown {
  if (isUnresolved(arg)) return { [fn]: arg };
  const list = Array.isArray(arg) ? arg : [];
  switch (fn) {
    case 'Fn::Join': {
      const [sep, items] = list;
      return Array.isArray(items) ? items.map((i) => str(i) ?? '').join(str(sep) ?? '') : node;
    }
    case 'Fn::Select': {
      const [index, items] = list;
      const i = Number(index);
      return Array.isArray(items) && i >= 0 && i < items.length ? items[i] : node;
    }
    case 'Fn::Split': {
      const [sep, s] = list;
      return typeof sep === 'string' && typeof s === 'string' ? s.split(sep) : node;
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = list.map(str);
      const m = ctx.mappings[map ?? ''];
      const t = isRecord(m) ? m[top ?? ''] : undefined;
      if (!isRecord(t) || !(String(second) in t)) throw new EvalFailure(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
      return t[String(second)];
    }
    case 'Fn::Base64':
      return typeof arg === 'string' ? Buffer.from(arg).toString('base64') : node;
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((z) => `${ctx.region}${z}`);
    case 'Fn::Equals':
      return list.length === 2 && JSON.stringify(list[0]) === JSON.stringify(list[1]);
    case 'Fn::And':
      return list.every((v) => v === true);
    case 'Fn::Or':
      return list.some((v) => v === true);
    case 'Fn::Not':
      return list[0] !== true;
    case 'Fn::ToJsonString':
      return JSON.stringify(arg);
    case 'Fn::Length':
      return Array.isArray(arg) ? arg.length : node;
    default:
      return { [fn]: arg };
  }
}

function evalSub(arg: unknown, node: Record<string, unknown>, ctx: EvalContext): unknown {
  const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof text !== 'string') return node;
  const values = isRecord(vars) ? (evalNode(vars, ctx) as Record<string, unknown>) : {};
  let unresolved = false;
  const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const trimmed = name.trim();
    let v: unknown = values[trimmed];
    if (v === undefined) {
      const dot = trimmed.indexOf('.');
      v = dot > 0 && !trimmed.startsWith('AWS::') ? ctx.getAtt(trimmed.slice(0, dot), trimmed.slice(dot + 1)) : ctx.ref(trimmed);
    }
    const s = str(v);
    if (s === undefined) {
      unresolved = true;
      return whole;
    }
    return s;
  });
  return unresolved ? { 'Fn::Sub': arg } : out;
}

/** Evaluates the Conditions section in order of need. */
export function evaluateConditions(conditions: Record<string, unknown>, ctx: Omit<EvalContext, 'conditions'>): Record<string, boolean> {
  const done: Record<string, boolean> = {};
  const visiting = new Set<string>();
  const resolve = (name: string): boolean => {
    if (name in done) return done[name] as boolean;
    if (visiting.has(name)) throw new EvalFailure(`Template format error: Circular dependency between conditions: [${name}]`);
    visiting.add(name);
    const proxy: Record<string, boolean> = new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? resolve(key) : false) });
    const value = evaluate(conditions[name], { ...ctx, conditions: proxy });
    done[name] = value === true;
    return done[name] as boolean;
  };
  for (const name of Object.keys(conditions)) resolve(name);
  return done;
}

/** Logical ids of resources a value refers to (Ref, Fn::GetAtt, Fn::Sub). */
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
