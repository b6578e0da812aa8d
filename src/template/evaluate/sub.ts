// Fn::Sub: `${Name}` is a variable (from the map, else Ref), `${Res.Attr}` a GetAtt, and
// `${!Text}` the literal `${Text}`. Variables not known yet stay in a smaller Fn::Sub.
import { isRecord } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import type { Evaluator } from './evaluator.js';
import { Unresolved } from './unresolved.js';

type Part = { literal: string } | { variable: string };

const NAME = /^[A-Za-z0-9_.:]+$/;

/** Splits a Sub string into literal text and variable names. */
function parse(ev: Evaluator, text: string, path: TemplatePath): Part[] {
  const parts: Part[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${');
    const end = start < 0 ? -1 : rest.indexOf('}', start + 2);
    if (start < 0 || end < 0) break;
    if (start > 0) parts.push({ literal: rest.slice(0, start) });
    const inner = rest.slice(start + 2, end);
    if (inner.startsWith('!')) parts.push({ literal: `\${${inner.slice(1)}}` });
    else {
      const name = inner.trim();
      if (!NAME.test(name)) {
        ev.fail('SUB_INVALID', `Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons (found '${inner}')`, path);
      }
      parts.push({ variable: name });
    }
    rest = rest.slice(end + 1);
  }
  if (rest !== '') parts.push({ literal: rest });
  return parts;
}

/** Text that must reach the output as is, written so Fn::Sub leaves it alone. */
const escape = (text: string) => text.replaceAll('${', '${!');

function variableValue(ev: Evaluator, name: string, vars: Record<string, unknown>, path: TemplatePath): unknown {
  if (Object.hasOwn(vars, name)) return vars[name];
  const dot = name.indexOf('.');
  if (dot > 0) return ev.attribute(name.slice(0, dot), name.slice(dot + 1), path);
  return ev.reference(name, path);
}

export function sub(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const usage = 'Template error: Fn::Sub requires a string, or a list of a string and a map of variables';
  const listForm = Array.isArray(args);
  const [text, rawVars] = listForm ? (args as unknown[]) : [args, {}];
  const textPath = listForm ? [...path, 0] : path;
  // The string may come from a function (Fn::Transform, say): once that is known, it is used as is.
  if (isRecord(text)) {
    const computed = ev.value(text, textPath);
    if (computed instanceof Unresolved) return new Unresolved({ 'Fn::Sub': listForm ? [computed, rawVars] : computed });
    if (typeof computed !== 'string') return ev.fail('INTRINSIC_ARGUMENTS', usage, textPath);
    return sub(ev, listForm ? [computed, rawVars] : computed, path);
  }
  if (typeof text !== 'string' || !isRecord(rawVars) || (listForm && (args as unknown[]).length !== 2)) return ev.fail('INTRINSIC_ARGUMENTS', usage, path);
  const vars: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rawVars)) vars[name] = ev.value(value, [...path, 1, name]);

  // `out` is the finished string; `kept` the same text in Sub syntax, used if a variable is not known yet.
  let out = '';
  let kept = '';
  let pending = false;
  const pendingVars: Record<string, unknown> = {};
  for (const part of parse(ev, text, textPath)) {
    if ('literal' in part) {
      out += part.literal;
      kept += escape(part.literal);
      continue;
    }
    const value = variableValue(ev, part.variable, vars, textPath);
    if (value instanceof Unresolved) {
      pending = true;
      kept += `\${${part.variable}}`;
      if (Object.hasOwn(vars, part.variable)) pendingVars[part.variable] = value;
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out += String(value);
      kept += escape(String(value));
    } else {
      ev.fail('SUB_INVALID', `Template error: variable ${part.variable} in Fn::Sub expression does not resolve to a string`, Object.hasOwn(vars, part.variable) ? [...path, 1, part.variable] : textPath);
    }
  }
  if (!pending) return out;
  return new Unresolved({ 'Fn::Sub': Object.keys(pendingVars).length > 0 ? [kept, pendingVars] : kept });
}
