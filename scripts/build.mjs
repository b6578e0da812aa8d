// Build: compile src/ to dist/ and derive the compact resource spec (generated/spec/).
// Runs as `prepare`, so `npm ci` leaves a working `meridian` binary.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The spec first: it does not depend on the code, and tests need it even when tsc reports errors.
const specScript = `${root}/scripts/derive-spec.mjs`;
if (existsSync(specScript)) {
  const spec = spawnSync(process.execPath, [specScript], { cwd: root, stdio: 'inherit' });
  if (spec.status !== 0) process.exit(spec.status ?? 1);
}

// The validator's reference data (committed under src/validate/data/, derived from cfn-lint's data
// by scripts/derive-reference-data.mjs) goes where a built or installed package reads it.
mkdirSync(`${root}/generated/validate`, { recursive: true });
for (const f of readdirSync(`${root}/src/validate/data`)) if (f.endsWith('.tsv')) copyFileSync(`${root}/src/validate/data/${f}`, `${root}/generated/validate/${f}`);

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// `meridian validate` is a short-lived process: loading ~250 compiled modules one by one cost
// ~140 ms of its whole-process time, a single bundled file ~25 ms. The bundle lives at the same
// depth below the package root as dist/template/spec/, so the spec folder resolves the same way,
// and the worker entry sits beside it. esbuild is a devDependency: without it the CLI falls back
// to dist/validate/ (same code, slower start).
const bundleDir = `${root}/dist/bundles/validate`;
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('build: esbuild not installed; meridian validate runs unbundled\n');
}
if (esbuild) {
  await bundleCli(esbuild);
  await esbuild.build({
    entryPoints: { index: `${root}/dist/validate/index.js`, 'parallel-worker': `${root}/dist/validate/parallel-worker.js` },
    outdir: bundleDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // The yaml library is CommonJS; its require() calls need a real require in an ES module.
    banner: { js: "import { createRequire as __meridianRequire } from 'node:module'; const require = __meridianRequire(import.meta.url);" },
  });
}

/**
 * The CLI shell (main.js, the command definitions, commander) as one file: ~30 ms of module loading
 * became ~13 ms on every command. Each command's library code is loaded by a dynamic import; those
 * stay separate modules (rewritten to paths relative to the bundle), so commands load only what
 * they use, as before. bin/meridian.js falls back to dist/cli/main.js without the bundle.
 */
async function bundleCli(esbuild) {
  const { dirname, relative, resolve } = await import('node:path');
  const outfile = `${root}/dist/cli/main.bundle.js`;
  const lazyStaysLazy = {
    name: 'lazy-stays-lazy',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        if (!args.path.startsWith('.')) return { path: args.path, external: true };
        const rel = relative(dirname(outfile), resolve(args.resolveDir, args.path));
        return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
      });
    },
  };
  await esbuild.build({
    entryPoints: [`${root}/dist/cli/main.js`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [lazyStaysLazy],
    banner: { js: "import { createRequire as __meridianRequire } from 'node:module'; const require = __meridianRequire(import.meta.url);" },
  });
}
