// `meridian validate [PATHS...]`: lint and security checks with cfn-lint / cfn_nag rule ids.
// The validator is imported inside the action, so other commands never load the rules.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';
import { packageRoot, packageVersion } from '../package-root.js';
import type * as ValidateModule from '../../validate/index.js';
import { repositoryOf, validateRepository } from './validate-repo.js';

type Format = 'text' | 'json' | 'sarif' | 'junit';
type FailOn = 'error' | 'warning' | 'never';

interface ValidateOptions {
  regions?: string;
  config?: string;
  format: Format;
  /** Unset: meridian.yaml's validation.failOn inside a repository, else error. */
  failOn?: FailOn;
  listRules?: boolean;
  rulesDir?: string;
  guardRules?: string;
  cfnLintExitCodes?: boolean;
  jobs?: string;
  engine?: string[];
  repo?: string;
  json?: boolean;
}

const list = (v: string | undefined): string[] | undefined =>
  v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** cfn-lint's exit code: a bit per level found (2 error, 4 warning, 8 info). */
function cfnLintExitCode(levels: Set<string>): number {
  return (levels.has('error') ? 2 : 0) | (levels.has('warning') ? 4 : 0) | (levels.has('info') ? 8 : 0);
}

/**
 * 'auto': one thread per two cores. A single V8 thread already keeps ~1.5 cores busy (concurrent
 * garbage collection and compilation run beside it), so on two cores a second thread measured
 * slower, not faster.
 */
function jobsOf(v: string | undefined): number {
  if (v === undefined || v === 'auto') return Math.max(1, Math.floor(availableParallelism() / 2));
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a whole number of threads, not ${v}`);
  return n;
}

type ValidateApi = typeof ValidateModule;

/** `--engine cfn-lint --engine meridian` or `--engine meridian,cfn-lint`; checked against the known names. */
function enginesOf(values: string[] | undefined, known: readonly string[]): ValidateModule.EngineName[] | undefined {
  if (!values?.length) return undefined;
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const n of names) if (!known.includes(n)) throw new UsageError(`--engine takes ${known.join(', ')}; not ${n}`);
  return [...new Set(names)] as ValidateModule.EngineName[];
}

/** The SARIF informationUri: the package's homepage when it names one, else its own docs/validate.md. */
function docsUri(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { homepage?: unknown };
    if (typeof pkg.homepage === 'string' && /^https?:\/\//.test(pkg.homepage)) return pkg.homepage;
  } catch {
    // no package.json to read: the docs file below is still the project's own
  }
  return pathToFileURL(join(packageRoot(), 'docs', 'validate.md')).href;
}

/**
 * The validator as one bundled file when the build made one (dist/bundles/validate, see
 * scripts/build.mjs): the same code, loaded in a fraction of the time. Under tsx, or without the
 * bundle, the modules themselves.
 */
async function loadValidateApi(): Promise<ValidateApi> {
  const bundle = join(packageRoot(), 'dist', 'bundles', 'validate', 'index.js');
  if (import.meta.url.endsWith('.js') && existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as ValidateApi;
  return import('../../validate/index.js');
}

async function run(paths: string[], given: ValidateOptions): Promise<number> {
  const opts: ValidateOptions = given.json ? { ...given, format: 'json' } : given;
  const api = await loadValidateApi();
  // A region the validator has no data for would pass every regional rule in silence (cfn-lint refuses it too).
  const unknown = api.unsupportedRegions(list(opts.regions) ?? []);
  if (unknown.length > 0) {
    const named = unknown.map((u) => `'${u.region}'${u.near ? ` (did you mean '${u.near}'?)` : ''}`).join(', ');
    throw new UsageError(`--regions: ${named} ${unknown.length === 1 ? 'is not an AWS region' : 'are not AWS regions'} Meridian knows`);
  }
  let extraRules;
  try {
    const policy = await api.loadPolicyRules({ ...(opts.rulesDir ? { rulesDir: opts.rulesDir } : {}), ...(opts.guardRules ? { guardRules: opts.guardRules } : {}) });
    for (const note of policy.notes) process.stderr.write(`meridian: ${note}\n`);
    extraRules = policy.rules;
  } catch (err) {
    if (err instanceof api.PolicyError) throw new UsageError(err.message);
    throw err;
  }
  let validator;
  try {
    // Many files are spread over threads, one per core unless --jobs says otherwise (the library decides from how many files).
    const engines = enginesOf(opts.engine, api.ENGINE_NAMES);
    validator = api.createValidator({ regions: list(opts.regions), configFile: opts.config, extraRules, workers: jobsOf(opts.jobs), ...(engines ? { settings: { engines } } : {}) });
  } catch (err) {
    if (err instanceof api.ConfigError) throw new UsageError(err.message);
    throw err;
  }
  // The physical-name rules judge deployments, not one template: listed beside the others.
  let rules = [...validator.rules(), ...api.PHYSICAL_NAME_RULES.map(({ check: _check, regional: _regional, ...m }) => m)];
  if (opts.listRules) {
    if (opts.format === 'json') {
      const out = rules.map((r) => ({ id: r.id, severity: r.severity, shortDescription: r.shortDescription, source: r.source }));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      for (const r of rules) process.stdout.write(`${r.id.padEnd(7)} ${r.severity.padEnd(8)} ${r.source.padEnd(9)} ${r.shortDescription}\n`);
    }
    return EXIT.ok;
  }
  const repoDir = repositoryOf(paths, opts.repo);
  // Like cfn-lint, a run without paths checks the `templates` globs of .cfnlintrc (else meridian.yaml's stacks).
  if (paths.length === 0 && !repoDir) paths = await validator.configuredTemplates();
  if (paths.length === 0 && !repoDir) throw new UsageError('give one or more template files or folders (or --list-rules), list templates in .cfnlintrc, or run it in a folder holding meridian.yaml');
  let report;
  // Inside a repository the exit follows meridian.yaml's validation.failOn, as the Validate stage does, unless --fail-on says otherwise.
  let failOn: FailOn = opts.failOn ?? 'error';
  try {
    if (repoDir) {
      const checked = await validateRepository(api, repoDir, extraRules);
      ({ report, rules } = checked);
      failOn = opts.failOn ?? checked.failOn;
    } else report = await validator.validatePaths(paths);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw new UsageError(`cannot read ${e.path ?? paths.join(', ')}: ${e.message}`);
    throw err;
  }
  const files = report.files ?? [];
  // Say which engines ran (and which could not), so a merged report is never mistaken for one tool's.
  for (const e of report.engines ?? []) {
    process.stderr.write(e.ran ? `meridian: engine ${e.engine}${e.version ? ` ${e.version}` : ''} ran: ${e.findings} finding(s)\n` : `meridian: engine ${e.engine} did not run: ${e.reason}\n`);
  }
  switch (opts.format) {
    case 'json':
      process.stdout.write(api.formatJson(report.findings, rules));
      break;
    case 'sarif':
      process.stdout.write(api.formatSarif(report.findings, rules, { root: process.cwd(), version: packageVersion(), informationUri: docsUri() }));
      break;
    case 'junit':
      process.stdout.write(api.formatJunit(report.findings, files, { failOn }));
      break;
    default:
      process.stdout.write(api.formatText(report.findings));
      process.stderr.write(`${api.summaryLine(report.findings, files.length)}\n`);
  }
  if (opts.cfnLintExitCodes) return cfnLintExitCode(new Set(report.findings.map((f) => f.severity)));
  if (failOn === 'never') return EXIT.ok;
  return api.atLeast(report.worst, failOn) ? EXIT.failed : EXIT.ok;
}

/** Registers `meridian validate`. */
export function registerValidateCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('Check CloudFormation templates with cfn-lint and cfn_nag compatible rules')
    .argument('[paths...]', 'template files or folders (folders are walked; non-templates are skipped)')
    .option('--regions <list>', 'regions to check for, comma separated (default: .cfnlintrc, else us-east-1)')
    .option('--config <file>', 'a cfn-lint configuration file (default: .cfnlintrc in the current folder or repository root)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'junit']).default('text'))
    .option('--json', 'the same as --format json (a failure prints { error: { code, message, file, line, column } })')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at least this severe (default: error; inside a repository, validation.failOn of meridian.yaml)').choices(['error', 'warning', 'never']))
    .option('--list-rules', 'list every rule (with --format json: [{ id, severity, shortDescription, source }])')
    .option('--rules-dir <dir>', 'a folder of custom rule modules (.js/.mjs; .ts under tsx)')
    .option('--guard-rules <path>', 'CloudFormation Guard rules, run when a cfn-guard binary is installed')
    .option('--cfn-lint-exit-codes', "exit like cfn-lint: 2 errors, 4 warnings, 8 info (bits added)")
    .option('--engine <name...>', "engines to run: meridian (default), cfn-lint, cfn_nag (the installed tools; findings merged by rule and line)")
    .option('--repo <dir>', 'a Meridian repository: its meridian.yaml stacks, regions and validation settings, and the names its deployments would claim (default when no paths are given and ./meridian.yaml exists)')
    .option('--jobs <n>', "threads for 16+ files (from 1 MiB of templates; default 'auto': one per two cores; 1 = this thread only)")
    .action(async (paths: string[], opts: ValidateOptions) => {
      setExit(await run(paths, opts));
    });
}
