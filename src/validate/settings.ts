// The effective settings for one template: what the user asked for (CLI, meridian.yaml),
// the cfn-lint configuration file, and the template's own Metadata, merged the way cfn-lint does
// (explicit arguments over template Metadata over the configuration file).
import type { EngineName } from './engines/external.js';
import type { Severity } from './types.js';

/** The `validation:` section of meridian.yaml, as a plain options object. */
export interface ValidationSettings {
  /** Rule ids or id prefixes to turn off (cfn-lint's ignore_checks semantics). */
  ignore?: string[];
  /** File globs (relative to the working directory) whose findings are dropped. */
  ignorePaths?: string[];
  /** Rule ids or prefixes to turn on even at info level (cfn-lint's include_checks). */
  include?: string[];
  /** Severity per rule id. */
  severity?: Record<string, Severity>;
  /** Level at which the run fails: error | warning | never. */
  failOn?: 'error' | 'warning' | 'never';
  /** A folder of policy-as-code rule modules (.js/.mjs, or .ts when run under tsx). */
  rulesDir?: string;
  /** A folder (or file) of CloudFormation Guard rules, used when a cfn-guard binary is found. */
  guardRules?: string;
  regions?: string[];
  /**
   * Which engines check the templates (default: Meridian's rules only). `cfn-lint` and `cfn_nag`
   * run the installed reference tools (validateFile and validatePaths) and merge their findings
   * by (file, rule id, line); the report's `engines` says which ran.
   */
  engines?: EngineName[];
}

/** The subset of a `.cfnlintrc` Meridian honours. */
export interface CfnLintConfig {
  ignoreChecks: string[];
  includeChecks: string[];
  regions: string[];
  templates: string[];
  ignoreTemplates: string[];
  /** Where it was read from, to resolve the template globs against. */
  dir?: string;
}

export const EMPTY_CFNLINT_CONFIG: CfnLintConfig = { ignoreChecks: [], includeChecks: [], regions: [], templates: [], ignoreTemplates: [] };

/** cfn-lint matches ids by prefix: `W` ignores every warning, `E30` the E30xx family. */
export function matchesAny(id: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => p !== '' && id.startsWith(p));
}

/** Converts a cfn-lint style glob (`**`, `*`, `?`) to a regular expression over `/` paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more directories.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
