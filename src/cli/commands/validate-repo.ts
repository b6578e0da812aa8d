// `meridian validate` in a Meridian repository: the templates of meridian.yaml's stacks, for the
// pipeline's regions, with its `validation:` settings, plus the physical-name analysis of every
// deployment (stack x region x account x stage/production), so a name two deployments would both
// claim is caught before anything deploys.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as ValidateModule from '../../validate/index.js';

type ValidateApi = typeof ValidateModule;

/** The repository folder when validate should read meridian.yaml: `--repo`, or no paths in a folder holding one. */
export function repositoryOf(paths: readonly string[], repo: string | undefined, cwd = process.cwd()): string | undefined {
  if (repo !== undefined) return resolve(cwd, repo);
  if (paths.length === 1 && /(^|[\\/])meridian\.ya?ml$/.test(paths[0] as string)) return resolve(cwd, paths[0] as string, '..');
  if (paths.length === 0 && existsSync(join(cwd, 'meridian.yaml'))) return cwd;
  return undefined;
}

export interface RepositoryReport {
  report: ValidateModule.ValidationReport;
  rules: ValidateModule.RuleMeta[];
  /** meridian.yaml's validation.failOn: what fails a run of this repository. */
  failOn: NonNullable<ValidateModule.ValidationSettings['failOn']>;
}

/** Validates the stacks of the repository's meridian.yaml; a bad meridian.yaml throws its ConfigError (exit 2). */
export async function validateRepository(api: ValidateApi, dir: string, extraRules: ValidateModule.Rule[] = []): Promise<RepositoryReport> {
  const { loadConfig, allRegions, pipelineNameFindings, configSecretFindings } = await import('../../pipeline/index.js');
  const { config } = await loadConfig(join(dir, 'meridian.yaml'));
  const v = config.validation;
  const regions = v.regions ?? allRegions(config);
  const settings: ValidateModule.ValidationSettings = {
    // Meridian packages the templates itself (W3002 asks for `aws cloudformation package`), as the Validate stage does.
    ignore: [...v.ignore, 'W3002'], ignorePaths: v.ignorePaths, include: v.include, severity: v.severity, failOn: v.failOn, regions,
    ...(v.engines ? { engines: v.engines } : {}),
  };
  const validator = api.createValidator({ regions, cwd: dir, settings, extraRules });
  const templates = [...new Set(config.stacks.map((s) => s.template))];
  const checked = await validator.validatePaths(templates, regions);
  // One finding per problem, naming its regions, as the Validate stage reports it.
  const report = { ...checked, findings: api.mergeRegionFindings(checked.findings, regions) };
  const selection = { ignore: settings.ignore ?? [], include: v.include, severity: v.severity };
  const names = pipelineNameFindings(config, dir, { selection });
  // NoEcho values meridian.yaml writes in clear (M0002), as the Validate stage reports them.
  const secrets = configSecretFindings(config, dir, 'meridian.yaml', selection);
  const findings = [...report.findings, ...names, ...secrets].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const meta = (r: ValidateModule.Rule): ValidateModule.RuleMeta => ({ id: r.id, severity: r.severity, shortDescription: r.shortDescription, description: r.description, docs: r.docs, tags: r.tags, source: r.source });
  return { report: { ...report, findings, worst: api.worstOf(findings), files: templates }, rules: [...validator.rules(), ...api.PHYSICAL_NAME_RULES.map(meta), meta(api.M0002)], failOn: v.failOn };
}
