// Finds and loads the generated spec: the index once, each resource type's file on first use.
// The folder sits at the package root, three levels above this file both in src/ (tsx) and dist/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeResource, type EncodedResource } from './decode.js';
import { SpecError, type ResourceTypeSpec } from './types.js';

/** The format scripts/derive-spec.mjs writes; an older folder must be rebuilt. */
const FORMAT = 2;

/** Where `npm run build` writes the spec. */
export const DEFAULT_SPEC_DIR = fileURLToPath(new URL('../../../generated/spec/', import.meta.url));

/** Read access to one generated spec folder. */
export interface SpecStore {
  /** The spec of a resource type, or undefined when the type is unknown (e.g. Custom::X). */
  resourceSpec(type: string): ResourceTypeSpec | undefined;
  /** Every known resource type name, sorted. */
  resourceTypeNames(): readonly string[];
  /** The package and version the spec was derived from. */
  source(): { package: string; version: string };
}

interface IndexFile {
  format: number;
  source: { package: string; version: string };
  types: Record<string, string>;
}

function readJson<T>(file: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SpecError('SPEC_MISSING', `resource spec not found at ${file}; run \`npm run build\``);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SpecError('SPEC_CORRUPT', `resource spec file ${file} is not valid JSON; run \`npm run build\``);
  }
}

/** Opens a spec folder; nothing is read until the first question. */
export function createSpecStore(dir: string = DEFAULT_SPEC_DIR): SpecStore {
  let index: { files: Map<string, string>; names: string[]; source: IndexFile['source'] } | undefined;
  const loaded = new Map<string, Record<string, EncodedResource>>();
  const decoded = new Map<string, ResourceTypeSpec>();

  const loadIndex = () => {
    if (index) return index;
    const raw = readJson<IndexFile>(join(dir, 'index.json'));
    if (raw.format !== FORMAT) {
      throw new SpecError('SPEC_STALE', `resource spec in ${dir} has format ${raw.format}, expected ${FORMAT}; run \`npm run build\``);
    }
    const files = new Map(Object.entries(raw.types));
    index = { files, names: [...files.keys()].sort(), source: raw.source };
    return index;
  };

  const typeFile = (key: string) => {
    let resources = loaded.get(key);
    if (!resources) {
      resources = readJson<{ resources: Record<string, EncodedResource> }>(join(dir, `${key}.json`)).resources;
      loaded.set(key, resources);
    }
    return resources;
  };

  return {
    resourceSpec(type) {
      const cached = decoded.get(type);
      if (cached) return cached;
      const key = loadIndex().files.get(type);
      if (key === undefined) return undefined;
      const entry = typeFile(key)[type];
      if (!entry) throw new SpecError('SPEC_CORRUPT', `resource spec file ${key}.json lacks ${type}; run \`npm run build\``);
      const spec = decodeResource(type, entry);
      decoded.set(type, spec);
      return spec;
    },
    resourceTypeNames: () => loadIndex().names,
    source: () => loadIndex().source,
  };
}
