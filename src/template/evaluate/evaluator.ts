// The walk that evaluates a template value: intrinsic functions are looked up in a table of
// handlers (intrinsics.ts); everything else is copied, with AWS::NoValue entries dropped.
import { isRecord } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import { NO_VALUE, pseudoParameter, type EvaluationContext } from './context.js';
import { EvaluationError, type EvaluationErrorCode } from './errors.js';
import { INTRINSICS } from './intrinsics.js';
import { originOf } from './origin.js';
import { Unresolved } from './unresolved.js';

/** What the template around the evaluated value declares. */
export interface EvaluationScope {
  mappings: Record<string, unknown>;
  /** Declared parameter names; a declared parameter without a value stays `{Ref: name}`. */
  parameters?: ReadonlySet<string>;
  /** Logical ids that may be referenced; when given, any other name is an error. */
  resources?: ReadonlySet<string>;
  /** Names the section being evaluated, for messages ("Resources", "Conditions", "Outputs"). */
  section?: string;
  /** The value of a condition; throws for an unknown one. */
  condition(name: string, path: TemplatePath): boolean;
  /** True if `name` is a condition (decides whether `{Condition: name}` is a reference). */
  isCondition(name: string): boolean;
  /** Functions only this section knows (the Rules section's), consulted before the common ones. */
  intrinsics?: Readonly<Record<string, IntrinsicHandler>>;
}

export type IntrinsicHandler = (ev: Evaluator, args: unknown, path: TemplatePath) => unknown;

/** Evaluates values against one context, scope and set of conditions. */
export class Evaluator {
  constructor(
    readonly ctx: EvaluationContext,
    readonly scope: EvaluationScope,
  ) {}

  /** Evaluates `value`; unresolvable parts come back as Unresolved, AWS::NoValue as NO_VALUE. */
  value(value: unknown, path: TemplatePath): unknown {
    if (Array.isArray(value)) {
      const at = originOf(value) ?? path;
      return value.map((item, i) => this.value(item, [...at, i])).filter((item) => item !== NO_VALUE);
    }
    if (!isRecord(value)) return value;
    // Content Fn::ForEach generated reports errors where its fragment stands in the file.
    const at = originOf(value) ?? path;
    const fn = this.intrinsicName(value);
    if (fn !== undefined) {
      const handler = this.scope.intrinsics?.[fn] ?? INTRINSICS[fn];
      if (handler) return handler(this, value[fn], [...at, fn]);
      // A function this evaluator does not know (a newer one, a Rules function): keep it as written.
      return new Unresolved({ [fn]: this.value(value[fn], [...at, fn]) });
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const evaluated = this.value(child, [...at, key]);
      if (evaluated !== NO_VALUE) out[key] = evaluated;
    }
    return out;
  }

  private intrinsicName(value: Record<string, unknown>): string | undefined {
    const keys = Object.keys(value);
    if (keys.length !== 1) return undefined;
    const key = keys[0] as string;
    if (key === 'Ref' || key.startsWith('Fn::')) return key;
    // A property may be named Condition (IAM policies); only a string naming a condition refers to one.
    if (key === 'Condition' && typeof value.Condition === 'string' && this.scope.isCondition(value.Condition)) return key;
    return undefined;
  }

  fail(code: EvaluationErrorCode, message: string, path: TemplatePath): never {
    throw new EvaluationError(code, message, path);
  }

  /** The argument list of `fn`, checked for length. */
  list(args: unknown, path: TemplatePath, fn: string, min: number, max = min): unknown[] {
    if (!Array.isArray(args) || args.length < min || args.length > max) {
      const count = min === max ? `${min}` : `${min} to ${max}`;
      this.fail('INTRINSIC_ARGUMENTS', `Template error: ${fn} requires a list of ${count} arguments`, path);
    }
    return args;
  }

  /** Evaluates `value` and requires a string (numbers and booleans are written as strings). */
  string(value: unknown, path: TemplatePath, what: string): string | Unresolved {
    const v = this.value(value, path);
    if (typeof v === 'string' || v instanceof Unresolved) return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail('INTRINSIC_ARGUMENTS', `Template error: ${what} must be a string`, path);
  }

  /** Ref: a parameter, pseudo parameter or resource. */
  reference(name: string, path: TemplatePath): unknown {
    const pseudo = pseudoParameter(name, this.ctx);
    if (pseudo !== undefined) return pseudo;
    if (name.startsWith('AWS::')) this.fail('UNRESOLVED_REFERENCE', `Template format error: Unresolved resource dependencies [${name}] in the ${this.section} block of the template`, path);
    // Own properties only: a logical id may be 'constructor' or 'toString'.
    const param = Object.hasOwn(this.ctx.parameters, name) ? this.ctx.parameters[name] : undefined;
    if (param !== undefined) return Array.isArray(param) ? [...param] : param;
    if (this.scope.parameters?.has(name)) return new Unresolved({ Ref: name });
    this.checkResource(name, path);
    const value = this.ctx.resolveResource?.(name);
    return value === undefined ? new Unresolved({ Ref: name }) : value;
  }

  /** Fn::GetAtt of a resource. */
  attribute(logicalId: string, attribute: string, path: TemplatePath): unknown {
    this.checkResource(logicalId, path, `Template error: instance of Fn::GetAtt references undefined resource ${logicalId}`);
    const value = this.ctx.resolveResource?.(logicalId, attribute);
    return value === undefined ? new Unresolved({ 'Fn::GetAtt': [logicalId, attribute] }) : value;
  }

  private get section(): string {
    return this.scope.section ?? 'Resources';
  }

  private checkResource(name: string, path: TemplatePath, message?: string): void {
    if (this.scope.resources && !this.scope.resources.has(name)) {
      this.fail('UNRESOLVED_REFERENCE', message ?? `Template format error: Unresolved resource dependencies [${name}] in the ${this.section} block of the template`, path);
    }
  }
}
