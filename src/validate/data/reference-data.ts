// Reads the reference data files (scripts/derive-reference-data.mjs writes them) on first use:
// from generated/validate/ in a built or installed package (`npm run build` copies them there),
// else from src/validate/data/ in a source checkout. This file sits three folders below the
// package root in src/, in dist/ and in the validator bundle alike, so one relative path serves.
// Kept out of the bundle: ~2.3 MB of data parsed at import cost ~20 ms on every run.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PropertyConstraint } from './property-constraint.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIRS = [`${ROOT}generated/validate/`, `${ROOT}src/validate/data/`];

const tables = new Map<string, Map<string, string>>();

/** One data file as key -> JSON text (each entry parsed by its reader, when asked for). */
function table(name: string): Map<string, string> {
  let t = tables.get(name);
  if (!t) {
    const dir = DIRS.find((d) => existsSync(`${d}${name}`));
    if (!dir) throw new Error(`validate reference data ${name} not found in ${DIRS.join(' or ')}; run \`npm run build\``);
    t = new Map();
    for (const line of readFileSync(`${dir}${name}`, 'utf8').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0 && line[0] !== '#') t.set(line.slice(0, tab), line.slice(tab + 1));
    }
    tables.set(name, t);
  }
  return t;
}

const parsed = new Map<string, unknown>();

function entry<T>(name: string, key: string): T | undefined {
  const id = `${name}\u0000${key}`;
  if (parsed.has(id)) return parsed.get(id) as T | undefined;
  const text = table(name).get(key);
  const value = text === undefined ? undefined : (JSON.parse(text) as T);
  parsed.set(id, value);
  return value;
}

/** The constraints of a resource type by property path (`/`-joined, `*` for a list item). */
export const propertyConstraints = (type: string): Record<string, PropertyConstraint> | undefined => entry('property-constraints.tsv', type);

/** The action names (lower case, space separated) of an IAM service prefix. */
export const iamServiceActions = (service: string): string | undefined => entry('iam-actions.tsv', service);

/** Every IAM service prefix, in order. */
export const iamServices = (): string[] => [...table('iam-actions.tsv').keys()];

/** RDS engines, and per engine its valid and its deprecated versions. */
export function rdsEngines(): { engines: string[]; versions: Record<string, string[]>; deprecated: Record<string, string[]> } {
  return {
    engines: entry<string[]>('rds-engines.tsv', 'engines') ?? [],
    versions: entry<Record<string, string[]>>('rds-engines.tsv', 'versions') ?? {},
    deprecated: entry<Record<string, string[]>>('rds-engines.tsv', 'deprecated') ?? {},
  };
}
