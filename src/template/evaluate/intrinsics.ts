// The table of intrinsic functions the evaluator knows, and the ones that deal with
// references, conditions and mappings. String and list functions live in list-functions.ts.
import { isRecord } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import { defaultAvailabilityZones } from './context.js';
import { cidr } from './cidr.js';
import type { Evaluator, IntrinsicHandler } from './evaluator.js';
import { base64, join, length, select, split, toJsonString } from './list-functions.js';
import { sub } from './sub.js';
import { Unresolved, hasUnresolved, waitsOnResource } from './unresolved.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** A logical id or name: literal, or (AWS::LanguageExtensions) a function that gives a string. */
function nameOf(ev: Evaluator, value: unknown, path: TemplatePath, what: string): string | Unresolved {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return ev.fail('INTRINSIC_ARGUMENTS', `Template error: ${what}`, path);
  const name = ev.value(value, path);
  if (typeof name === 'string' || name instanceof Unresolved) return name;
  return ev.fail('INTRINSIC_ARGUMENTS', `Template error: ${what}`, path);
}

function ref(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const name = nameOf(ev, args, path, 'every Ref object must have a single String value.');
  if (name instanceof Unresolved) return new Unresolved({ Ref: name });
  if (name === '') return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: every Ref object must have a single String value.', path);
  return ev.reference(name, path);
}

function getAtt(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  let parts: unknown[];
  if (typeof args === 'string') {
    const dot = args.indexOf('.');
    parts = dot < 0 ? [args] : [args.slice(0, dot), args.slice(dot + 1)];
  } else parts = Array.isArray(args) ? args : [];
  const usage = 'every Fn::GetAtt object requires two non-empty parameters';
  if (parts.length !== 2) return ev.fail('INTRINSIC_ARGUMENTS', `Template error: ${usage}`, path);
  // The attribute may be computed (Ref to a parameter); so may the logical id under AWS::LanguageExtensions.
  const logicalId = nameOf(ev, parts[0], [...path, 0], usage);
  const name = ev.string(parts[1], [...path, 1], 'the attribute name of Fn::GetAtt');
  if (logicalId instanceof Unresolved || name instanceof Unresolved) return new Unresolved({ 'Fn::GetAtt': [logicalId, name] });
  if (logicalId === '' || name === '') return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: every Fn::GetAtt object requires two non-empty parameters', path);
  return ev.attribute(logicalId, name, path);
}

function condition(ev: Evaluator, args: unknown, path: TemplatePath): boolean {
  if (typeof args !== 'string') return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: Condition must name a condition', path);
  return ev.scope.condition(args, path);
}

function fnIf(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const [name, whenTrue, whenFalse] = ev.list(args, path, 'Fn::If', 3);
  if (typeof name !== 'string') return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: the first argument of Fn::If must name a condition', [...path, 0]);
  // Only the chosen branch is evaluated: the other may name resources its condition removed.
  return ev.scope.condition(name, [...path, 0]) ? ev.value(whenTrue, [...path, 1]) : ev.value(whenFalse, [...path, 2]);
}

function booleanOf(ev: Evaluator, value: unknown, path: TemplatePath, fn: string): boolean {
  const v = ev.value(value, path);
  if (typeof v === 'boolean') return v;
  if (v instanceof Unresolved) return ev.fail('CONDITION_UNRESOLVED', `Template error: ${fn} cannot use a value that is only known after deployment`, path);
  return ev.fail('INTRINSIC_ARGUMENTS', `Template error: every ${fn} argument must be a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)`, path);
}

/** CloudFormation compares the string forms of the two values. */
function comparable(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(comparable);
  return v;
}

function equals(ev: Evaluator, args: unknown, path: TemplatePath): boolean {
  const [a, b] = ev.list(args, path, 'Fn::Equals', 2).map((arg, i) => ev.value(arg, [...path, i]));
  for (const [i, v] of [a, b].entries()) {
    if (hasUnresolved(v)) {
      ev.fail('CONDITION_UNRESOLVED', 'Template error: Fn::Equals cannot compare a value that is only known after deployment (a resource attribute or a parameter without a value)', [...path, i]);
    }
  }
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

const logical =
  (fn: 'Fn::And' | 'Fn::Or'): IntrinsicHandler =>
  (ev, args, path) => {
    const items = ev.list(args, path, fn, 2, 10).map((item, i) => booleanOf(ev, item, [...path, i], fn));
    return fn === 'Fn::And' ? items.every(Boolean) : items.some(Boolean);
  };

function not(ev: Evaluator, args: unknown, path: TemplatePath): boolean {
  const [item] = ev.list(args, path, 'Fn::Not', 1);
  return !booleanOf(ev, item, [...path, 0], 'Fn::Not');
}

function findInMap(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const list = ev.list(args, path, 'Fn::FindInMap', 3, 4);
  const options = list[3];
  if (options !== undefined && !(isRecord(options) && 'DefaultValue' in options && Object.keys(options).length === 1)) {
    return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: the fourth argument of Fn::FindInMap must be {DefaultValue: value}', [...path, 3]);
  }
  const keys = list.slice(0, 3).map((key, i) => ev.string(key, [...path, i], 'every Fn::FindInMap key'));
  // Mappings are read when the template is processed, before any resource exists.
  const early = keys.findIndex((k) => waitsOnResource(k, ev.scope.parameters));
  if (early >= 0) return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: Fn::FindInMap keys cannot depend on resources (Ref to a resource, Fn::GetAtt)', [...path, early]);
  if (keys.some((k) => k instanceof Unresolved)) return new Unresolved({ 'Fn::FindInMap': [...keys, ...list.slice(3)] });
  const [mapName, top, second] = keys as string[];
  const fallback = () => ev.value(options?.DefaultValue, [...path, 3, 'DefaultValue']);
  const missing = (i: number): never =>
    ev.fail('MAPPING_KEY_NOT_FOUND', `Template error: Unable to get mapping for ${keys.slice(0, i + 1).join('::')}`, [...path, i]);
  const mapping = ev.scope.mappings[mapName as string];
  if (!isRecord(mapping)) return missing(0);
  const level = mapping[top as string];
  if (!isRecord(level)) return options ? fallback() : missing(1);
  if (!Object.hasOwn(level, second as string)) return options ? fallback() : missing(2);
  return structuredClone(level[second as string]);
}

function getAZs(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const region = ev.string(args ?? '', path, 'the argument of Fn::GetAZs');
  const usage = 'Template error: Fn::GetAZs takes a region name, an empty string or Ref AWS::Region';
  if (waitsOnResource(region, ev.scope.parameters)) return ev.fail('INTRINSIC_ARGUMENTS', usage, path);
  if (region instanceof Unresolved) return new Unresolved({ 'Fn::GetAZs': region });
  if (region !== '' && !REGION.test(region)) return ev.fail('INTRINSIC_ARGUMENTS', `${usage}, not '${region}'`, path);
  const target = region === '' ? ev.ctx.region : region;
  return (ev.ctx.availabilityZones ?? defaultAvailabilityZones)(target);
}

function importValue(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const name = ev.string(args, path, 'the export name of Fn::ImportValue');
  const value = name instanceof Unresolved ? undefined : ev.ctx.resolveImport?.(name);
  return value === undefined ? new Unresolved({ 'Fn::ImportValue': name }) : value;
}

/** Intrinsic functions by their long-form name. */
export const INTRINSICS: Readonly<Record<string, IntrinsicHandler>> = {
  Ref: ref,
  Condition: condition,
  'Fn::GetAtt': getAtt,
  'Fn::If': fnIf,
  'Fn::Equals': equals,
  'Fn::And': logical('Fn::And'),
  'Fn::Or': logical('Fn::Or'),
  'Fn::Not': not,
  'Fn::FindInMap': findInMap,
  'Fn::GetAZs': getAZs,
  'Fn::ImportValue': importValue,
  'Fn::Sub': sub,
  'Fn::Join': join,
  'Fn::Split': split,
  'Fn::Select': select,
  'Fn::Base64': base64,
  'Fn::Length': length,
  'Fn::ToJsonString': toJsonString,
  'Fn::Cidr': cidr,
  // Macros run in CloudFormation, not here: keep the call as written.
  'Fn::Transform': (_ev, args) => new Unresolved({ 'Fn::Transform': args }),
};
