// The library entry: a validator built once (rules loaded once, configuration files cached)
// and called for many templates and regions, by the CLI and by the pipeline's Validate stage.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseTemplate } from '../template/index.js';
import { findCfnLintConfig, readCfnLintConfig } from './config/cfnlintrc.js';
import { compareFindings, diagnosticFindings, runRules, type RuleSelection } from './engine.js';
import { ALL_RULES } from './rules/registry.js';
import { EMPTY_CFNLINT_CONFIG, globToRegExp, type CfnLintConfig, type ValidationSettings } from './settings.js';
import { templateLevelConfig } from './suppressions.js';
import type { Finding, Rule, RuleMeta, ValidationReport } from './types.js';
import { worstOf } from './types.js';
import { mergeFindings, runExternalEngines, type EngineRun } from './engines/external.js';
import { runWorkers, splitBySize } from './parallel.js';
import { collectFiles, looksLikeTemplate, type FileToCheck } from './walk.js';

export interface ValidatorOptions {
  /** Regions to check every template for; default: the configuration's, else us-east-1. */
  regions?: string[];
  /** An explicit cfn-lint configuration file (`--config`); disables discovery. */
  configFile?: string;
  /** Look for `.cfnlintrc` in `cwd`, then the template's repository root (default true). */
  discoverConfig?: boolean;
  /** Working directory for configuration discovery and relative globs (default process.cwd()). */
  cwd?: string;
  /** The `validation:` section of meridian.yaml. */
  settings?: ValidationSettings;
  /** Extra rules (policy as code loaded by the caller, or tests). */
  extraRules?: Rule[];
  /**
   * Worker threads for validatePaths over many files (default 1: none). Used only without
   * extraRules (rule objects cannot cross threads), from 16 files and `parallelFromBytes` up.
   */
  workers?: number;
  /** Template text below which one thread is used whatever `workers` says (default 1 MiB). */
  parallelFromBytes?: number;
}

/** Fewer files than this are validated in the calling thread: starting workers costs more. */
const PARALLEL_FROM = 16;

/**
 * Below this much template text one thread finishes first: a worker pays ~55 ms to start and runs
 * its share cold (its own JIT warm-up); the 55 real-world templates (434 KiB) measured slower on
 * two threads than on one.
 */
const PARALLEL_FROM_BYTES = 1 << 20;

/** How much more this thread validates than each worker, which starts ~55 ms later. */
const MAIN_THREAD_WEIGHT = 1.3;

/** One thread's part of a report. */
export interface ShareResult {
  findings: Finding[];
  files: string[];
  skipped: string[];
}

export interface Validator {
  /** Validates one file; a file that cannot be read as a template gives E0000. */
  validateFile(path: string, regions?: string[]): Promise<ValidationReport>;
  /** Validates template text as if read from `file`. */
  validateText(text: string, file: string, regions?: string[]): ValidationReport;
  /** Validates files and directories (walked; non-template YAML/JSON is skipped). */
  validatePaths(paths: string[], regions?: string[]): Promise<ValidationReport>;
  /** Every rule this validator knows, enabled or not. */
  rules(): RuleMeta[];
  /** Validates files already collected (the worker threads' entry); findings are not sorted. */
  validateCollected(collected: readonly FileToCheck[], regions?: string[]): ShareResult;
  /** The `templates` globs of the discovered or named .cfnlintrc, expanded (for runs without paths). */
  configuredTemplates(): Promise<string[]>;
}

const meta = (r: Rule): RuleMeta => ({
  id: r.id,
  severity: r.severity,
  shortDescription: r.shortDescription,
  description: r.description,
  docs: r.docs,
  tags: r.tags,
  source: r.source,
});

/** Creates a validator; cheap to call repeatedly since rules and configuration are loaded once. */
export function createValidator(options: ValidatorOptions = {}): Validator {
  const cwd = options.cwd ?? process.cwd();
  const settings = options.settings ?? {};
  const rules: Rule[] = [...ALL_RULES, ...(options.extraRules ?? [])];
  const explicit = options.configFile ? readCfnLintConfig(resolve(cwd, options.configFile)) : undefined;
  const configCache = new Map<string, CfnLintConfig>();

  function configFor(file: string): CfnLintConfig {
    if (explicit) return explicit;
    if (options.discoverConfig === false) return EMPTY_CFNLINT_CONFIG;
    const dir = dirname(resolve(cwd, file));
    let cfg = configCache.get(dir);
    if (!cfg) {
      const found = findCfnLintConfig(cwd, dir);
      cfg = found ? readCfnLintConfig(found) : EMPTY_CFNLINT_CONFIG;
      configCache.set(dir, cfg);
    }
    return cfg;
  }

  function selection(cfg: CfnLintConfig): RuleSelection {
    return {
      ignore: [...cfg.ignoreChecks, ...(settings.ignore ?? [])],
      include: [...cfg.includeChecks, ...(settings.include ?? [])],
      severity: settings.severity ?? {},
    };
  }

  const ignoredPath = (file: string): boolean => {
    const rel = relative(cwd, resolve(cwd, file)).split(sep).join('/');
    return (settings.ignorePaths ?? []).some((g) => globToRegExp(g).test(rel));
  };

  function validateText(text: string, file: string, regions?: string[]): ValidationReport {
    if (ignoredPath(file)) return { findings: [], worst: 'none' };
    const cfg = configFor(file);
    // Unknown tags read as cfn-lint reads them (`!X v` is `Fn::X`): rules judge the value.
    const parsed = parseTemplate(text, file, { unknownTags: 'function' });
    let findings: Finding[];
    if (!parsed.ok) {
      findings = diagnosticFindings(parsed.diagnostics);
    } else {
      const tmplRegions = templateLevelConfig(parsed.template.body).regions;
      const chosen = regions ?? options.regions ?? settings.regions;
      const effective = chosen?.length ? chosen : tmplRegions.length ? tmplRegions : cfg.regions.length ? cfg.regions : ['us-east-1'];
      findings = runRules(parsed.template, rules, effective, selection(cfg), dirname(resolve(cwd, file)));
    }
    return { findings, worst: worstOf(findings) };
  }

  async function validateFile(path: string, regions?: string[]): Promise<ValidationReport> {
    return withEngines(validateText(readFileSync(resolve(cwd, path), 'utf8'), path, regions), [path], regions);
  }

  /**
   * The engines the settings ask for besides (or instead of) Meridian's own rules: the reference
   * tools run over the same files, their findings merged in by (file, rule id, line).
   */
  function withEngines(report: ValidationReport, files: readonly string[], regions?: string[]): ValidationReport {
    const engines = settings.engines;
    if (!engines || (engines.length === 1 && engines[0] === 'meridian')) return report;
    const chosen = regions ?? options.regions ?? settings.regions;
    const external = runExternalEngines(engines, files, { cwd, ...(chosen?.length ? { regions: chosen } : {}), ...(options.configFile ? { configFile: options.configFile } : {}) });
    const own = engines.includes('meridian') ? report.findings : [];
    const runs: EngineRun[] = [...(engines.includes('meridian') ? [{ engine: 'meridian' as const, ran: true as const, command: 'meridian', findings: own.length }] : []), ...external.runs];
    const findings = mergeFindings(own, external.findings).sort(compareFindings);
    return { ...report, findings, worst: worstOf(findings), engines: runs };
  }

  /** Validates collected files in this thread; walked files are skipped unless they look like templates. */
  function validateCollected(collected: readonly FileToCheck[], regions?: string[]): ShareResult {
    const findings: Finding[] = [];
    const skipped: string[] = [];
    const files: string[] = [];
    for (const { file, explicit: named } of collected) {
      const cfg = configFor(file);
      if (!named && isIgnoredTemplate(cfg, resolve(cwd, file))) continue;
      // Read synchronously: validation itself is synchronous, and one event-loop turn per file
      // only added waiting to a command-line run.
      const text = readFileSync(resolve(cwd, file), 'utf8');
      if (!named && !looksLikeTemplate(text)) {
        skipped.push(file);
        continue;
      }
      files.push(file);
      for (const f of validateText(text, file, regions).findings) findings.push(f);
    }
    return { findings, files, skipped };
  }

  async function validatePaths(paths: string[], regions?: string[]): Promise<ValidationReport> {
    const collected = collectFiles(paths, cwd);
    const threads = options.extraRules?.length ? 1 : Math.min(options.workers ?? 1, Math.floor(collected.length / (PARALLEL_FROM / 2)));
    const sized = threads > 1 ? collected.map((c) => ({ item: c, bytes: statSync(resolve(cwd, c.file)).size })) : [];
    const bytes = sized.reduce((sum, s) => sum + s.bytes, 0);
    const shares = threads > 1 && bytes >= (options.parallelFromBytes ?? PARALLEL_FROM_BYTES) ? await validateInThreads(sized, threads, regions) : [validateCollected(collected, regions)];
    const findings = shares.flatMap((r) => r.findings).sort(compareFindings);
    const order = new Map(collected.map((c, i) => [c.file, i]));
    const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
    const files = shares.flatMap((r) => r.files).sort(byOrder);
    return withEngines({ findings, worst: worstOf(findings), files, skipped: shares.flatMap((r) => r.skipped).sort(byOrder) }, files, regions);
  }

  async function configuredTemplates(): Promise<string[]> {
    const cfg = explicit ?? configFor(join(cwd, '.cfnlintrc'));
    if (!cfg.dir || cfg.templates.length === 0) return [];
    const patterns = cfg.templates.map(globToRegExp);
    const all = collectFiles([cfg.dir], cwd);
    return all
      .map((f) => f.file)
      .filter((f) => patterns.some((p) => p.test(relative(cfg.dir as string, f).split(sep).join('/'))))
      .map((f) => relative(cwd, f) || f);
  }

  /**
   * The files split by size between this thread and `threads - 1` workers. The workers are
   * started first; this thread validates its share while they boot (~55 ms), so it takes a
   * larger share.
   */
  async function validateInThreads(sized: readonly { item: FileToCheck; bytes: number }[], threads: number, regions?: string[]): Promise<ShareResult[]> {
    const [own = [], ...others] = splitBySize(sized, threads, MAIN_THREAD_WEIGHT);
    const base = { cwd, discoverConfig: options.discoverConfig, configFile: options.configFile, regions: options.regions, settings: options.settings as Record<string, unknown> | undefined };
    const running = runWorkers(others.map((files) => ({ options: base, files, regions })));
    // A worker that fails to start must not leave an unhandled rejection while this thread works.
    running.catch(() => undefined);
    const mine = validateCollected(own, regions);
    return [mine, ...(await running)];
  }

  return { validateFile, validateText, validatePaths, validateCollected, configuredTemplates, rules: () => rules.map(meta) };
}

function isIgnoredTemplate(cfg: CfnLintConfig, abs: string): boolean {
  if (!cfg.dir || cfg.ignoreTemplates.length === 0) return false;
  const rel = relative(cfg.dir, abs).split(sep).join('/');
  return cfg.ignoreTemplates.some((g) => globToRegExp(g).test(rel));
}
