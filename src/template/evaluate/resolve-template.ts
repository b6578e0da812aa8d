// A whole template evaluated for one stack: loops expanded, conditions computed, resources and
// outputs whose condition is false removed, every other intrinsic resolved as far as the context
// allows. Resource attributes not known yet stay as their intrinsic placeholders.
import { isRecord, modelOf, type TemplateModel } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import type { EvaluationContext } from './context.js';
import { evaluateConditions } from './conditions.js';
import { EvaluationError } from './errors.js';
import { scopeOf } from './evaluate.js';
import { Evaluator } from './evaluator.js';
import { expandLanguageExtensions, findLoop } from './for-each.js';
import { originOf } from './origin.js';
import { toPlain } from './unresolved.js';

/** Resource and output keys that hold literal names, never intrinsics. */
const LITERAL_KEYS = new Set(['Type', 'Condition', 'DependsOn']);

export const MASK = '****';

function activeNames(section: unknown, conditions: Record<string, boolean>, sectionName: string): Set<string> {
  const active = new Set<string>();
  if (!isRecord(section)) return active;
  for (const [name, entry] of Object.entries(section)) {
    const condition = isRecord(entry) ? entry.Condition : undefined;
    if (condition === undefined) {
      active.add(name);
      continue;
    }
    const value = typeof condition === 'string' && Object.hasOwn(conditions, condition) ? conditions[condition] : undefined;
    if (value === undefined) {
      const at = [...(originOf(entry) ?? [sectionName, name]), 'Condition'];
      throw new EvaluationError('UNKNOWN_CONDITION', `Template format error: Unresolved condition dependency ${String(condition)} in ${sectionName} ${name}`, at);
    }
    if (value) active.add(name);
  }
  return active;
}

/** DependsOn naming a resource that is absent (or removed by its condition) fails the stack. */
function checkDependsOn(section: unknown, active: Set<string>): void {
  if (!isRecord(section)) return;
  for (const name of active) {
    const entry = section[name];
    if (!isRecord(entry) || entry.DependsOn === undefined) continue;
    const base = [...(originOf(entry) ?? ['Resources', name]), 'DependsOn'];
    const targets = Array.isArray(entry.DependsOn) ? entry.DependsOn : [entry.DependsOn];
    targets.forEach((target, i) => {
      if (typeof target === 'string' && !active.has(target)) {
        const path = Array.isArray(entry.DependsOn) ? [...base, i] : base;
        throw new EvaluationError('UNRESOLVED_REFERENCE', `Template format error: Unresolved resource dependencies [${target}] in the Resources block of the template`, path);
      }
    });
  }
}

type ErrorSink = ((err: EvaluationError) => void) | undefined;

/** Evaluates one attribute; with a sink, a bad one is reported and kept as written. */
function attributeValue(ev: Evaluator, value: unknown, path: TemplatePath, onError: ErrorSink): unknown {
  try {
    return toPlain(ev.value(value, path));
  } catch (err) {
    if (!onError || !(err instanceof EvaluationError)) throw err;
    onError(err);
    return value;
  }
}

function evaluateSection(ev: Evaluator, section: unknown, active: Set<string>, sectionName: string, onError: ErrorSink): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(section)) return out;
  for (const [name, entry] of Object.entries(section)) {
    if (!active.has(name)) continue;
    if (!isRecord(entry)) {
      out[name] = entry;
      continue;
    }
    const evaluated: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      const v = LITERAL_KEYS.has(key) ? value : attributeValue(ev, value, [...(originOf(entry) ?? [sectionName, name]), key], onError);
      if (v !== undefined) evaluated[key] = v;
    }
    out[name] = evaluated;
  }
  return out;
}

function maskedParameters(parameters: unknown): unknown {
  if (!isRecord(parameters)) return parameters;
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(parameters)) {
    const noEcho = isRecord(p) && (p.NoEcho === true || p.NoEcho === 'true');
    out[name] = noEcho && 'Default' in p ? { ...p, Default: MASK } : p;
  }
  return out;
}

export interface ResolveOptions {
  /**
   * Write NoEcho parameter values as '****' wherever they flow into resources and outputs (for
   * display). Conditions still see the real values.
   */
  maskNoEcho?: boolean;
  /**
   * Report errors in resource and output attributes here and go on (the attribute stays as
   * written), so one run finds them all. Without it the first error is thrown.
   */
  onError?(err: EvaluationError): void;
}

function maskedContext(ctx: EvaluationContext, model: TemplateModel): EvaluationContext {
  const parameters = { ...ctx.parameters };
  for (const p of model.parameters.values()) {
    const value = parameters[p.name];
    if (p.noEcho && value !== undefined) parameters[p.name] = Array.isArray(value) ? value.map(() => MASK) : MASK;
  }
  return { ...ctx, parameters };
}

/**
 * The template evaluated for the stack `ctx` describes. Parameters stay declared (NoEcho
 * defaults masked as '****'); Conditions become their computed values. Throws EvaluationError.
 */
export function resolveTemplate(body: Record<string, unknown>, ctx: EvaluationContext, options: ResolveOptions = {}): Record<string, unknown> {
  // modelOf skips sections of the wrong shape; evaluating without them would mislead.
  for (const section of ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs', 'Rules']) {
    if (section in body && !isRecord(body[section])) throw new EvaluationError('SECTION_INVALID', `Template format error: ${section} must be a map`, [section]);
  }
  const expanded = expandLanguageExtensions(body, ctx);
  const loop = findLoop(expanded);
  if (loop) throw new EvaluationError('FOREACH_INVALID', 'Template format error: Fn::ForEach needs the AWS::LanguageExtensions transform', loop);
  const model = modelOf(expanded);
  const conditions = evaluateConditions(model, ctx);
  const valuesCtx = options.maskNoEcho ? maskedContext(ctx, model) : ctx;
  const resources = activeNames(expanded.Resources, conditions, 'Resources');
  const outputs = activeNames(expanded.Outputs, conditions, 'Outputs');
  if (model.transforms.length === 0) checkDependsOn(expanded.Resources, resources);
  const scope = (section: string) => new Evaluator(valuesCtx, scopeOf(model, conditions, { resources, section }));
  const out: Record<string, unknown> = { ...expanded };
  if ('Parameters' in expanded) out.Parameters = maskedParameters(expanded.Parameters);
  if ('Conditions' in expanded) out.Conditions = conditions;
  out.Resources = evaluateSection(scope('Resources'), expanded.Resources, resources, 'Resources', options.onError);
  if ('Outputs' in expanded) out.Outputs = evaluateSection(scope('Outputs'), expanded.Outputs, outputs, 'Outputs', options.onError);
  return out;
}
