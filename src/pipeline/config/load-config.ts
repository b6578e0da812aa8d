// Reads meridian.yaml: schema (zod) then cross-field checks; every error names the field and its
// file:line:col, and a config with any error is refused whole (nothing runs on half a config).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseDocument, type SourceMap, type TemplatePath } from '../../template/index.js';
import { configSchema, type PipelineConfig, type WaveSettings } from './schema.js';
import { issueMessage, valueAt, type SchemaIssue } from './config-messages.js';
import { regionProblem } from './regions.js';
import { rolloutIssues } from '../rollout/plan-issues.js';
import { stageIssues } from './stage-settings.js';
import { governanceIssues } from './governance-settings.js';

/** One problem in meridian.yaml. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. stacks[1].dependsOn[0]. */
  field: string;
  message: string;
}

/** meridian.yaml is not usable; `issues` lists every problem found. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly source = 'user' as const;

  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.field ? `${i.field}: ` : ''}${i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** A loaded config and where it came from (template paths resolve against `dir`). */
export interface LoadedConfig {
  file: string;
  dir: string;
  config: PipelineConfig;
}

export function fieldName(path: TemplatePath): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

/** Parses and checks meridian.yaml text; throws ConfigError. `checkFile` tells whether a template path exists. */
export function parseConfig(text: string, file: string, checkFile?: (path: string) => boolean): PipelineConfig {
  const doc = parseDocument(text, file);
  if (!doc.ok) {
    throw new ConfigError(doc.diagnostics.map((d) => ({ file, line: d.range.start.line, column: d.range.start.column, field: '', message: d.message })));
  }
  const issue = (path: TemplatePath, message: string): ConfigIssue => {
    const at = doc.sourceMap.locate(path).start;
    return { file, line: at.line, column: at.column, field: fieldName(path), message };
  };
  const parsed = configSchema.safeParse(doc.value ?? {});
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.flatMap((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
        const schemaIssue = { ...i, path } as SchemaIssue;
        // One problem per unknown key, each at its own line, with the key that was probably meant.
        if (i.code === 'unrecognized_keys') return i.keys.map((k) => issue([...path, k], issueMessage(configSchema, { ...schemaIssue, keys: [k] }, undefined)));
        return [issue(path, issueMessage(configSchema, schemaIssue, valueAt(doc.value, path)))];
      }).sort((a, b) => a.line - b.line || a.column - b.column),
    );
  }
  const problems = crossChecks(parsed.data, doc.sourceMap, checkFile).map(([path, message]) => issue(path, message));
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/** The configuration file is not there: the user has to write one (`meridian init`), not a system failure. */
export class ConfigNotFoundError extends Error {
  readonly code = 'CONFIG_NOT_FOUND';
  readonly source = 'user' as const;

  constructor(readonly file: string) {
    super(basename(file) === 'meridian.yaml' ? `no meridian.yaml in ${dirname(file)}: run \`meridian init\` there to write one` : `${file} does not exist`);
    this.name = 'ConfigNotFoundError';
  }
}

/** Reads meridian.yaml from disk; template paths are checked relative to its folder. Throws ConfigNotFoundError, ConfigError. */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const path = resolve(file);
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' || err.code === 'ENOTDIR' ? new ConfigNotFoundError(path) : err;
  });
  const dir = dirname(path);
  return { file: path, dir, config: parseConfig(text, file, (p) => existsSync(resolve(dir, p))) };
}

type Problem = [TemplatePath, string];

function crossChecks(config: PipelineConfig, _map: SourceMap, checkFile?: (path: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  const regions = [config.regions.primary, ...config.regions.secondaries];
  if (!config.allowUnknownRegions) problems.push(...regionNameChecks(config));
  config.regions.secondaries.forEach((r, i) => {
    if (r === config.regions.primary) problems.push([['regions', 'secondaries', i], `${r} is the primary region; list it only once`]);
    else if (config.regions.secondaries.indexOf(r) !== i) problems.push([['regions', 'secondaries', i], `${r} is listed twice`]);
  });
  const names = new Map<string, number>();
  config.stacks.forEach((s, i) => {
    if (names.has(s.name)) problems.push([['stacks', i, 'name'], `stack name '${s.name}' is used twice`]);
    names.set(s.name, i);
    if (checkFile && !checkFile(s.template)) problems.push([['stacks', i, 'template'], `template file '${s.template}' does not exist`]);
  });
  config.stacks.forEach((s, i) => {
    s.dependsOn.forEach((d, j) => {
      if (!names.has(d)) problems.push([['stacks', i, 'dependsOn', j], `unknown stack '${d}'`]);
      if (d === s.name) problems.push([['stacks', i, 'dependsOn', j], 'a stack cannot depend on itself']);
    });
    for (const r of Object.keys(s.regionParameters)) {
      if (!regions.includes(r)) problems.push([['stacks', i, 'regionParameters', r], `${r} is not one of the pipeline's regions (${regions.join(', ')})`]);
    }
    for (const [group, params] of [['parameters', s.parameters], ['secondaryParameters', s.secondaryParameters]] as const) {
      for (const [key, value] of Object.entries(params)) {
        if (typeof value !== 'object' || !('output' in value)) continue;
        const ref = value.output;
        const path = ['stacks', i, group, key, 'output'];
        if (!names.has(ref.stack)) problems.push([[...path, 'stack'], `unknown stack '${ref.stack}'`]);
        if (ref.region !== undefined && ref.region !== 'primary' && !regions.includes(ref.region)) {
          problems.push([[...path, 'region'], `${ref.region} is not one of the pipeline's regions`]);
        }
        if (ref.stack === s.name && (ref.region === undefined || ref.region === config.regions.primary) && group === 'parameters') {
          problems.push([[...path, 'stack'], 'a stack cannot take its own output in the same region']);
        }
      }
    }
  });
  const cycle = findCycle(config);
  if (cycle) problems.push([['stacks', names.get(cycle[0] as string) ?? 0, 'dependsOn'], `stacks depend on each other in a cycle: ${cycle.join(' -> ')}`]);
  if (config.rollout.waves) problems.push(...checkWaves(config.rollout.waves, config.rollout.waveSettings ?? [], regions, config.regions.primary));
  // Waves, accounts and cross-region values only make sense on an otherwise sound config.
  if (problems.length === 0) problems.push(...rolloutIssues(config), ...stageIssues(config), ...governanceIssues(config));
  return problems;
}

/** Every region name in the file against the regions AWS has (a typo would fail mid-run as a DNS error). */
function regionNameChecks(config: PipelineConfig): Problem[] {
  const primary = config.regions.primary;
  const named: [TemplatePath, string][] = [
    [['regions', 'primary'], primary],
    ...config.regions.secondaries.map((r, i): [TemplatePath, string] => [['regions', 'secondaries', i], r]),
    ...(config.validation.regions ?? []).map((r, i): [TemplatePath, string] => [['validation', 'regions', i], r]),
    ...(config.stage.region ? [[['stage', 'region'], config.stage.region] as [TemplatePath, string]] : []),
    ...Object.entries(config.accounts).flatMap(([name, a]) => (a.regions ?? []).map((r, i): [TemplatePath, string] => [['accounts', name, 'regions', i], r])),
  ];
  const problems: Problem[] = [];
  for (const [path, region] of named) {
    const problem = regionProblem(region, primary);
    if (problem) problems.push([path, problem]);
  }
  return problems;
}

function checkWaves(waves: string[][], settings: WaveSettings[], regions: string[], primary: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  waves.forEach((wave, w) =>
    wave.forEach((r, j) => {
      const path = settings[w]?.form === 'object' ? ['rollout', 'waves', w, 'regions', j] : ['rollout', 'waves', w, j];
      if (!regions.includes(r)) problems.push([path, `${r} is not one of the pipeline's regions`]);
      else if (seen.has(r)) problems.push([path, `${r} is in more than one wave`]);
      seen.add(r);
    }),
  );
  const missing = regions.filter((r) => !seen.has(r));
  if (missing.length > 0) problems.push([['rollout', 'waves'], `every region needs a wave; missing: ${missing.join(', ')}`]);
  if (waves[0] && !waves[0].includes(primary)) problems.push([['rollout', 'waves', 0], `the first wave must contain the primary region ${primary}`]);
  return problems;
}

/** The first dependsOn cycle, as a path A -> B -> A, or undefined. */
function findCycle(config: PipelineConfig): string[] | undefined {
  const deps = new Map(config.stacks.map((s) => [s.name, s.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const d of deps.get(name) ?? []) {
      if (d === name) continue;
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const s of config.stacks) {
    const found = visit(s.name);
    if (found) return found;
  }
  return undefined;
}
