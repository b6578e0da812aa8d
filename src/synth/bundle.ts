// Bundles the regional and approval functions with esbuild from Meridian's own sources (the same
// src/cloud and src/pipeline code the CLI runs: no second implementation of the deploy logic), and
// packs them with the pipeline's config into the zip the templates reference.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildResult, Plugin } from 'esbuild';
import type { PipelineConfig } from '../pipeline/index.js';
import { SynthError } from './synth-error.js';
import { zipFiles } from './zip-files.js';

export interface FunctionBundle {
  zip: Buffer;
  /** Size of index.mjs before zipping. */
  bytes: number;
}

// SQLite (the local engine's store) is never used by the functions, but the pipeline's public surface
// imports it; a stub keeps the native module out of the bundle.
const NO_SQLITE = 'export default function Database() { throw new Error("the Meridian functions keep no SQLite store"); }';

// The validator reads the resource spec from generated/spec beside the package; in the function it
// sits beside index.mjs instead, so the one line that locates it is pointed there.
const SPEC_LINE = "new URL('../../../generated/spec/', import.meta.url)";
const SPEC_DIR = fileURLToPath(new URL('../../generated/spec/', import.meta.url));

// The validator's reference data (src/validate/data) is read from generated/validate/ below the
// package root; in the function, the root is the folder of index.mjs.
const DATA_LINE = "new URL('../../../', import.meta.url)";
const DATA_DIR = fileURLToPath(new URL('../../generated/validate/', import.meta.url));

const plugins: Plugin[] = [
  {
    name: 'no-sqlite',
    setup(build) {
      build.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: 'better-sqlite3', namespace: 'meridian-stub' }));
      build.onLoad({ filter: /.*/, namespace: 'meridian-stub' }, () => ({ contents: NO_SQLITE, loader: 'js' }));
    },
  },
  {
    name: 'spec-beside-bundle',
    setup(build) {
      build.onLoad({ filter: /[\\/]template[\\/]spec[\\/]store\.(ts|js)$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(SPEC_LINE)) throw new Error(`${args.path} no longer locates the spec with ${SPEC_LINE}; update bundle.ts`);
        return { contents: text.replace(SPEC_LINE, "new URL('./spec/', import.meta.url)"), loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  },
  {
    name: 'reference-data-beside-bundle',
    setup(build) {
      build.onLoad({ filter: /[\\/]validate[\\/]data[\\/]reference-data\.(ts|js)$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(DATA_LINE)) throw new Error(`${args.path} no longer locates its data with ${DATA_LINE}; update bundle.ts`);
        return { contents: text.replace(DATA_LINE, "new URL('./', import.meta.url)"), loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  },
];

function dataFiles(): Record<string, Buffer> {
  if (!existsSync(DATA_DIR)) throw new SynthError('SYNTH_BUNDLE_FAILED', `the validator's reference data is missing at ${DATA_DIR}; run \`npm run build\``);
  return Object.fromEntries(readdirSync(DATA_DIR).filter((f) => f.endsWith('.tsv')).map((f) => [`generated/validate/${f}`, readFileSync(join(DATA_DIR, f))]));
}

function specFiles(): Record<string, Buffer> {
  if (!existsSync(SPEC_DIR)) throw new SynthError('SYNTH_BUNDLE_FAILED', `the resource spec is missing at ${SPEC_DIR}; run \`npm run build\``);
  return Object.fromEntries(readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json')).map((f) => [`spec/${f}`, readFileSync(join(SPEC_DIR, f))]));
}

function entryPoint(): string {
  for (const ext of ['ts', 'js']) {
    const path = fileURLToPath(new URL(`./lambda/entry.${ext}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new SynthError('SYNTH_BUNDLE_FAILED', 'the function sources (src/synth/lambda/entry) are missing from this installation');
}

/** Bundles the functions; `config` is embedded as config.json (the functions' copy of meridian.yaml). */
export async function bundleFunctions(config: PipelineConfig, options: { minify?: boolean } = {}): Promise<FunctionBundle> {
  let esbuild: typeof import('esbuild'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- loaded lazily: a devDependency
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new SynthError('SYNTH_BUNDLER_MISSING', 'meridian synth needs esbuild to bundle the functions: npm install --save-dev esbuild');
  }
  let out: BuildResult<{ write: false }>;
  try {
    out = await esbuild.build({
      entryPoints: [entryPoint()],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: 'index.mjs',
      minify: options.minify ?? true,
      legalComments: 'none',
      logLevel: 'silent',
      // The AWS SDK's CommonJS parts call require() for Node built-ins; give the ES module one.
      banner: { js: "import { createRequire as __meridianRequire } from 'node:module'; const require = __meridianRequire(import.meta.url);" },
      // The preview's security tables (the only user) are off in the functions (EngineDeps.securityTables).
      external: ['@aws-cdk/cloudformation-diff'],
      plugins,
    });
  } catch (err) {
    throw new SynthError('SYNTH_BUNDLE_FAILED', `bundling the functions failed: ${(err as Error).message}`);
  }
  const code = out.outputFiles[0]?.contents;
  if (!code) throw new SynthError('SYNTH_BUNDLE_FAILED', 'esbuild produced no output');
  const index = Buffer.from(code);
  const files = { 'index.mjs': index, 'config.json': Buffer.from(`${JSON.stringify(config, null, 2)}\n`), ...specFiles(), ...dataFiles() };
  return { zip: zipFiles(files), bytes: index.length };
}
