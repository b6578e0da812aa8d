// AWS::LanguageExtensions' Fn::ForEach: loops in Resources, Outputs and Conditions (and any map
// inside them) are expanded into one entry per collection item. The walk carries the loop
// bindings instead of rewriting copies first, so every error keeps the path it has in the file.
import { isRecord, modelOf } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import type { EvaluationContext } from './context.js';
import { EvaluationError } from './errors.js';
import { Evaluator } from './evaluator.js';
import { withOrigin } from './origin.js';
import { resolveParameters } from './parameters.js';
import { hasUnresolved } from './unresolved.js';

export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
const LOOP = 'Fn::ForEach::';
const SECTIONS = ['Conditions', 'Resources', 'Outputs'] as const;

export interface ExpandOptions {
  /** Expand loops even when the template does not declare the AWS::LanguageExtensions transform. */
  always?: boolean;
}

interface Binding {
  identifier: string;
  item: string;
}

const transformsOf = (body: Record<string, unknown>): unknown[] =>
  Array.isArray(body.Transform) ? body.Transform : body.Transform === undefined ? [] : [body.Transform];

/** True if the template declares the AWS::LanguageExtensions transform. */
export function usesLanguageExtensions(body: Record<string, unknown>): boolean {
  return transformsOf(body).some((t) => t === LANGUAGE_EXTENSIONS || (isRecord(t) && t.Name === LANGUAGE_EXTENSIONS));
}

const invalid = (message: string, path: TemplatePath) => new EvaluationError('FOREACH_INVALID', `Template error: ${message}`, path);

/** `${Id}` becomes the item, `&{Id}` the item without its non-alphanumeric characters. */
function bind(text: string, bindings: readonly Binding[]): string {
  let out = text;
  for (let i = bindings.length - 1; i >= 0; i--) {
    const { identifier, item } = bindings[i] as Binding;
    out = out.replaceAll(`\${${identifier}}`, item).replaceAll(`&{${identifier}}`, item.replace(/[^A-Za-z0-9]/g, ''));
  }
  return out;
}

class LoopExpander {
  constructor(private readonly collectionOf: (value: unknown, path: TemplatePath) => string[]) {}

  walk(value: unknown, path: TemplatePath, bindings: readonly Binding[]): unknown {
    if (typeof value === 'string') return bind(value, bindings);
    if (Array.isArray(value)) return this.mark(value.map((item, i) => this.walk(item, [...path, i], bindings)), path, bindings);
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof value.Ref === 'string') {
      const bound = [...bindings].reverse().find((b) => b.identifier === value.Ref);
      if (bound) return bound.item;
    }
    const out: Record<string, unknown> = {};
    const put = (key: string, v: unknown, at: TemplatePath) => {
      if (Object.hasOwn(out, key)) throw invalid(`Fn::ForEach produces the key '${key}' more than once`, at);
      out[key] = v;
    };
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith(LOOP)) for (const [k, v] of this.loop(child, [...path, key], bindings)) put(k, v, [...path, key]);
      else put(bind(key, bindings), this.walk(child, [...path, key], bindings), [...path, key]);
    }
    return this.mark(out, path, bindings);
  }

  /** Copies made inside a loop remember the fragment they came from (see origin.ts). */
  private mark<T extends object>(value: T, path: TemplatePath, bindings: readonly Binding[]): T {
    return bindings.length > 0 ? withOrigin(value, path) : value;
  }

  private loop(args: unknown, path: TemplatePath, bindings: readonly Binding[]): [string, unknown][] {
    if (!Array.isArray(args) || args.length !== 3) throw invalid('Fn::ForEach requires a list of an identifier, a collection and a fragment', path);
    const [identifier, rawCollection, fragment] = args;
    if (typeof identifier !== 'string' || !/^[A-Za-z0-9]+$/.test(identifier)) {
      throw invalid('the identifier of Fn::ForEach must be an alphanumeric string', [...path, 0]);
    }
    if (!isRecord(fragment)) throw invalid('the fragment of Fn::ForEach must be a map', [...path, 2]);
    const items = this.collectionOf(this.walk(rawCollection, [...path, 1], bindings), [...path, 1]);
    const entries: [string, unknown][] = [];
    for (const item of items) {
      const inner = [...bindings, { identifier, item }];
      for (const [key, child] of Object.entries(fragment)) {
        const at = [...path, 2, key];
        if (key.startsWith(LOOP)) {
          entries.push(...this.loop(child, at, inner));
          continue;
        }
        if (!key.includes(`\${${identifier}}`) && !key.includes(`&{${identifier}}`)) {
          throw invalid(`the key '${key}' in Fn::ForEach must contain \${${identifier}} or &{${identifier}}`, at);
        }
        entries.push([bind(key, inner), this.walk(child, at, inner)]);
      }
    }
    return entries;
  }
}

function collectionEvaluator(body: Record<string, unknown>, ctx: EvaluationContext | undefined) {
  const model = modelOf(body);
  const context: EvaluationContext = ctx ?? { region: '', accountId: '', stackName: '', stackId: '', parameters: resolveParameters(model, {}).values };
  const ev = new Evaluator(context, {
    mappings: model.mappings,
    parameters: new Set(model.parameters.keys()),
    resources: new Set(),
    isCondition: () => false,
    condition: (name, path) => {
      throw invalid(`the collection of Fn::ForEach cannot depend on condition ${name}`, path);
    },
  });
  return (value: unknown, path: TemplatePath): string[] => {
    const list = ev.value(value, path);
    if (hasUnresolved(list)) throw invalid('the collection of Fn::ForEach cannot be resolved (a parameter without a value?)', path);
    if (!Array.isArray(list) || !list.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
      throw invalid('the collection of Fn::ForEach must be a list of strings', path);
    }
    return list.map(String);
  };
}

/** Path of the first Fn::ForEach loop left in the sections that may hold one, if any. */
export function findLoop(body: Record<string, unknown>): TemplatePath | undefined {
  const search = (value: unknown, path: TemplatePath): TemplatePath | undefined => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        const found = search(item, [...path, i]);
        if (found) return found;
      }
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        const found = key.startsWith(LOOP) ? [...path, key] : search(child, [...path, key]);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const section of SECTIONS) {
    const found = search(body[section], [section]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Expands Fn::ForEach loops (AWS::LanguageExtensions) and drops that transform from the result.
 * Collections may be literal lists, Ref to list parameters (values from `ctx`, else defaults)
 * or Fn::FindInMap. Returns `body` itself when there is nothing to do. Throws EvaluationError.
 */
export function expandLanguageExtensions(body: Record<string, unknown>, ctx?: EvaluationContext, options: ExpandOptions = {}): Record<string, unknown> {
  const declared = usesLanguageExtensions(body);
  if (!declared && !options.always) return body;
  const expander = new LoopExpander(collectionEvaluator(body, ctx));
  const out: Record<string, unknown> = { ...body };
  for (const section of SECTIONS) {
    if (isRecord(body[section])) out[section] = expander.walk(body[section], [section], []);
  }
  if (declared) {
    const rest = transformsOf(body).filter((t) => t !== LANGUAGE_EXTENSIONS && !(isRecord(t) && t.Name === LANGUAGE_EXTENSIONS));
    if (rest.length === 0) delete out.Transform;
    else out.Transform = Array.isArray(body.Transform) ? rest : rest[0];
  }
  return out;
}
