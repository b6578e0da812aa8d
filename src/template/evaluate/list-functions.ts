// String and list intrinsics: Fn::Join, Fn::Split, Fn::Select, Fn::Base64, and the
// AWS::LanguageExtensions functions Fn::Length and Fn::ToJsonString.
import { isRecord } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import type { Evaluator } from './evaluator.js';
import { Unresolved, hasUnresolved, toPlain } from './unresolved.js';

const scalarString = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

export function join(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const usage =
    'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.';
  if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') return ev.fail('INTRINSIC_ARGUMENTS', usage, path);
  const delimiter = args[0];
  const list = ev.value(args[1], [...path, 1]);
  if (list instanceof Unresolved) return new Unresolved({ 'Fn::Join': [delimiter, list] });
  if (!Array.isArray(list)) return ev.fail('INTRINSIC_ARGUMENTS', usage, [...path, 1]);
  if (list.some((item) => item instanceof Unresolved)) return new Unresolved({ 'Fn::Join': [delimiter, list] });
  const parts = list.map((item, i) => scalarString(item) ?? ev.fail('INTRINSIC_ARGUMENTS', 'Template error: Fn::Join can only join strings', [...path, 1, i]));
  return parts.join(delimiter);
}

export function split(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const usage =
    'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.';
  if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string' || args[0] === '') return ev.fail('INTRINSIC_ARGUMENTS', usage, path);
  const source = ev.string(args[1], [...path, 1], 'the second argument of Fn::Split');
  if (source instanceof Unresolved) return new Unresolved({ 'Fn::Split': [args[0], source] });
  return source.split(args[0]);
}

export function select(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const usage = 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list';
  if (!Array.isArray(args) || args.length !== 2) return ev.fail('INTRINSIC_ARGUMENTS', usage, path);
  const rawIndex = ev.value(args[0], [...path, 0]);
  const list = ev.value(args[1], [...path, 1]);
  if (rawIndex instanceof Unresolved || list instanceof Unresolved) return new Unresolved({ 'Fn::Select': [rawIndex, list] });
  const index = typeof rawIndex === 'number' ? rawIndex : typeof rawIndex === 'string' && /^\d+$/.test(rawIndex.trim()) ? Number(rawIndex) : NaN;
  if (!Number.isInteger(index) || index < 0) return ev.fail('INTRINSIC_ARGUMENTS', usage, [...path, 0]);
  if (!Array.isArray(list)) return ev.fail('INTRINSIC_ARGUMENTS', usage, [...path, 1]);
  if (index >= list.length) {
    return ev.fail('SELECT_OUT_OF_RANGE', `Template error: Fn::Select cannot select nonexistent value at index ${index}`, [...path, 0]);
  }
  return list[index];
}

export function base64(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const text = ev.string(args, path, 'the argument of Fn::Base64');
  if (text instanceof Unresolved) return new Unresolved({ 'Fn::Base64': text });
  return Buffer.from(text, 'utf8').toString('base64');
}

export function length(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const list = ev.value(args, path);
  if (list instanceof Unresolved) return new Unresolved({ 'Fn::Length': list });
  if (!Array.isArray(list)) return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: Fn::Length requires a list or a function that returns a list', path);
  return list.length;
}

export function toJsonString(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const value = ev.value(args, path);
  if (hasUnresolved(value)) return new Unresolved({ 'Fn::ToJsonString': value });
  if (!Array.isArray(value) && !isRecord(value)) {
    return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: Fn::ToJsonString requires a map or a list', path);
  }
  return JSON.stringify(toPlain(value));
}
