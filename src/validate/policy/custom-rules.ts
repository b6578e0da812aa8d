// Policy as code: users' own rules, one module a file in a folder named in configuration.
// A module exports rule objects of the same interface as the built-in rules (default export, a
// `rule` export, or a `rules` list). `.ts` modules load only when the process runs under tsx.
import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule, RuleMeta, Severity } from '../types.js';

/** A rules folder or module that cannot be used; stable code for the CLI. */
export class PolicyError extends Error {
  readonly code = 'VALIDATE_POLICY';
  readonly source = 'user' as const;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

function asRule(value: unknown, file: string): Rule | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<Rule>;
  if (typeof r.id !== 'string' || typeof r.check !== 'function') return undefined;
  if (r.severity !== undefined && !SEVERITIES.includes(r.severity)) throw new PolicyError(`${file}: rule ${r.id} has severity ${String(r.severity)}; use error, warning or info`);
  const meta: RuleMeta = {
    id: r.id,
    severity: r.severity ?? 'warning',
    shortDescription: r.shortDescription ?? r.id,
    description: r.description ?? r.shortDescription ?? r.id,
    docs: r.docs ?? '',
    tags: r.tags ?? [],
    source: 'custom',
  };
  return { ...meta, check: r.check.bind(r) };
}

/** Loads every rule module in `dir` (sorted by name); files that export no rule are an error. */
export async function loadCustomRules(dir: string, cwd: string = process.cwd()): Promise<Rule[]> {
  const abs = resolve(cwd, dir);
  let names: string[];
  try {
    names = readdirSync(abs).filter((n) => ['.js', '.mjs', '.ts', '.mts'].includes(extname(n)) && !n.endsWith('.d.ts')).sort();
  } catch (err) {
    throw new PolicyError(`cannot read rules folder ${abs}: ${(err as Error).message}`);
  }
  const out: Rule[] = [];
  for (const name of names) {
    const file = join(abs, name);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const hint = /\.m?ts$/.test(name) ? ' (TypeScript rules load only under tsx: node --import tsx ...)' : '';
      throw new PolicyError(`cannot load rule module ${file}: ${(err as Error).message}${hint}`);
    }
    const candidates = [mod.default, mod.rule, ...(Array.isArray(mod.rules) ? mod.rules : [])];
    const rules = candidates.map((c) => asRule(c, file)).filter((r): r is Rule => r !== undefined);
    if (rules.length === 0) throw new PolicyError(`${file} exports no rule (export default { id, severity, shortDescription, check(ctx) })`);
    out.push(...rules);
  }
  return out;
}
