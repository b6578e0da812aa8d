// The reference tools as optional engines: cfn-lint (on PATH, else through python3) and
// cfn_nag_scan, run where installed, their findings read from their JSON output. For teams
// whose pre-commit hooks run those tools and who must match them exactly. Nothing is
// installed or downloaded here: a tool that is absent is reported as not run, with the reason.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Finding, Severity } from '../types.js';

export type EngineName = 'meridian' | 'cfn-lint' | 'cfn_nag';
export const ENGINE_NAMES: readonly EngineName[] = ['meridian', 'cfn-lint', 'cfn_nag'];

/** What became of one engine in a run. */
export type EngineRun =
  | { engine: EngineName; ran: true; version?: string; command: string; findings: number }
  | { engine: EngineName; ran: false; reason: string };

/** Runs a program to completion: the one side effect, injectable for tests. */
export type Exec = (command: string, args: readonly string[], cwd: string) => { status: number | null; stdout: string; stderr: string; error?: Error };

/** A whole cfn-lint run over many templates takes seconds; a bound keeps a hung tool from hanging the run. */
const TIMEOUT_MS = 10 * 60 * 1000;

export const spawnExec: Exec = (command, args, cwd) => {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(r.error ? { error: r.error } : {}) };
};

export interface ExternalOptions {
  cwd: string;
  regions?: readonly string[];
  configFile?: string;
  exec?: Exec;
}

interface Tool {
  command: string;
  prefix: string[];
  version: string;
}

/** The first way of running cfn-lint that answers `--version`: the console script, then python3. */
function findCfnLint(exec: Exec, cwd: string): Tool | string {
  const ways: [string, string[]][] = [
    ['cfn-lint', []],
    ['python3', ['-m', 'cfnlint']],
    // cfn-lint 1.x has no __main__; its console script calls this entry point.
    ['python3', ['-c', 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())']],
  ];
  for (const [command, prefix] of ways) {
    const r = exec(command, [...prefix, '--version'], cwd);
    if (!r.error && r.status === 0 && /\d+\.\d+/.test(r.stdout + r.stderr)) return { command, prefix, version: (r.stdout + r.stderr).trim().replace(/^cfn-lint\s+/, '') };
  }
  return 'cfn-lint not found (neither `cfn-lint` on PATH nor the cfnlint module for python3)';
}

function findCfnNag(exec: Exec, cwd: string): Tool | string {
  const r = exec('cfn_nag_scan', ['--version'], cwd);
  if (r.error || r.status !== 0) return 'cfn_nag_scan not found on PATH';
  return { command: 'cfn_nag_scan', prefix: [], version: (r.stdout + r.stderr).trim() };
}

const LINT_LEVEL: Record<string, Severity> = { Error: 'error', Warning: 'warning', Informational: 'info' };

interface LintMatch {
  Filename: string;
  Level: string;
  Message: string;
  Rule: { Id: string };
  Location: { Start: { LineNumber: number; ColumnNumber: number }; End: { LineNumber: number; ColumnNumber: number }; Path: (string | number)[] | null };
}

/** Findings from cfn-lint's `--format json` output; `fileOf` maps its file names back to ours. */
export function parseCfnLintJson(stdout: string, fileOf: (name: string) => string): Finding[] {
  const matches = JSON.parse(stdout.trim() === '' ? '[]' : stdout) as LintMatch[];
  return matches.map((m) => ({
    file: fileOf(m.Filename),
    line: m.Location.Start.LineNumber,
    column: m.Location.Start.ColumnNumber,
    endLine: m.Location.End.LineNumber,
    endColumn: m.Location.End.ColumnNumber,
    ruleId: m.Rule.Id,
    severity: LINT_LEVEL[m.Level] ?? 'error',
    message: m.Message,
    path: m.Location.Path ?? [],
    source: 'cfn-lint',
  }));
}

interface NagResult {
  filename: string;
  file_results: { violations: { id: string; type: string; message: string; logical_resource_ids?: string[]; line_numbers?: number[] }[] };
}

/** Findings from cfn_nag_scan's `--output-format json` output (one per offending resource). */
export function parseCfnNagJson(stdout: string, fileOf: (name: string) => string): Finding[] {
  const results = JSON.parse(stdout) as NagResult[];
  const out: Finding[] = [];
  for (const r of results) {
    for (const v of r.file_results.violations) {
      const ids = v.logical_resource_ids ?? [];
      (v.line_numbers ?? []).forEach((line, i) => {
        const at = Math.max(1, line);
        out.push({ file: fileOf(r.filename), line: at, column: 1, endLine: at, endColumn: 1, ruleId: v.id, severity: v.type === 'FAIL' ? 'error' : 'warning', message: v.message, path: ids[i] ? ['Resources', ids[i] as string] : [], source: 'cfn_nag' });
      });
    }
  }
  return out;
}

/** Runs each external engine asked for over `files`; findings keep the file names given. */
export function runExternalEngines(engines: readonly EngineName[], files: readonly string[], opts: ExternalOptions): { findings: Finding[]; runs: EngineRun[] } {
  const exec = opts.exec ?? spawnExec;
  const byAbs = new Map(files.map((f) => [resolve(opts.cwd, f), f]));
  const fileOf = (name: string) => byAbs.get(resolve(opts.cwd, name)) ?? name;
  const findings: Finding[] = [];
  const runs: EngineRun[] = [];
  for (const engine of engines) {
    if (engine === 'meridian') continue;
    const tool = engine === 'cfn-lint' ? findCfnLint(exec, opts.cwd) : findCfnNag(exec, opts.cwd);
    if (typeof tool === 'string') {
      runs.push({ engine, ran: false, reason: tool });
      continue;
    }
    if (files.length === 0) {
      runs.push({ engine, ran: true, version: tool.version, command: tool.command, findings: 0 });
      continue;
    }
    const found: Finding[] = [];
    let failure: string | undefined;
    if (engine === 'cfn-lint') {
      const args = [...tool.prefix, '--format', 'json', ...(opts.configFile ? ['--config-file', opts.configFile] : []), ...(opts.regions?.length ? ['--regions', ...opts.regions] : []), '--', ...files];
      const r = exec(tool.command, args, opts.cwd);
      failure = r.error?.message;
      if (!failure) {
        try {
          found.push(...parseCfnLintJson(r.stdout, fileOf));
        } catch {
          failure = `cfn-lint printed no JSON (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
        }
      }
    } else {
      // cfn_nag_scan reads one path at a time.
      for (const file of files) {
        const r = exec(tool.command, [...tool.prefix, '--input-path', file, '--output-format', 'json'], opts.cwd);
        try {
          found.push(...parseCfnNagJson(r.stdout, (name) => (name === file ? file : fileOf(name))));
        } catch {
          failure = r.error?.message ?? `cfn_nag_scan printed no JSON for ${file} (exit ${r.status})`;
          break;
        }
      }
    }
    if (failure) runs.push({ engine, ran: false, reason: failure });
    else {
      findings.push(...found);
      runs.push({ engine, ran: true, version: tool.version, command: tool.command, findings: found.length });
    }
  }
  return { findings, runs };
}

/**
 * Meridian's findings with the engines' added: one finding per (file, rule id, line), Meridian's
 * own kept where both report it (its message and columns), the engine's otherwise.
 */
export function mergeFindings(own: readonly Finding[], external: readonly Finding[]): Finding[] {
  const key = (f: Finding) => `${f.file}\u0000${f.ruleId}\u0000${f.line}`;
  const seen = new Set(own.map(key));
  const out = [...own];
  for (const f of external) {
    const k = key(f);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}
