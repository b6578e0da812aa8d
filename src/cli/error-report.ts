// How a command that failed tells the user: one message that says its code once, the file:line:col
// of the problem when there is one, and the exit code (README "Exit codes"). With --json the same
// facts come as one document on stdout, `{ "error": { code, message, file, line, column } }`, so a
// script that asked for JSON never has to parse stderr.
import { EXIT } from './exit-codes.js';

export interface ErrorReport {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Every problem, when the error lists several (meridian.yaml, templates). */
  issues?: { file: string; line: number; column: number; field?: string; code?: string; message: string }[];
  exit: number;
}

const CODE = /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/;

/**
 * Removes a code that a message repeats: `PACKAGE_TEMPLATE_NOT_FOUND: app.yaml:3:1:
 * PACKAGE_TEMPLATE_NOT_FOUND template …` keeps the second, which sits beside its location.
 */
export function sayCodeOnce(text: string): string {
  return text.replace(new RegExp(`${CODE.source}: (?=.*\\b\\1\\b)`, 'g'), '');
}

/** When the SDK cannot find credentials for a named profile, the profile's name is what the user needs. */
export function withProfileHint(text: string, env: Readonly<Record<string, string | undefined>>): string {
  const profile = env.AWS_PROFILE;
  if (!profile || text.includes(profile) || !/credential|profile|token|sso/i.test(text)) return text;
  return `${text} (AWS_PROFILE=${profile})`;
}

interface Coded {
  code?: unknown;
  source?: unknown;
  issues?: unknown;
  diagnostics?: unknown;
  location?: { file: string; range: { start: { line: number; column: number } } };
  path?: unknown;
  syscall?: unknown;
  /** The file an error is about, when it has no position in it (a missing meridian.yaml). */
  file?: unknown;
}

/** Facts about an error the CLI caught; nothing is printed here. */
export function describeError(err: unknown, env: Readonly<Record<string, string | undefined>> = {}): ErrorReport {
  const e = (err instanceof Error ? err : new Error(String(err))) as Error & Coded;
  const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
  const report: ErrorReport = { code, message: withProfileHint(sayCodeOnce(e.message), env), exit: exitFor(e, code) };
  if (Array.isArray(e.issues)) {
    // ConfigError: every problem of meridian.yaml, each with its field.
    report.issues = (e.issues as { file: string; line: number; column: number; field: string; message: string }[]).map((i) => ({ ...i }));
  } else if (Array.isArray(e.diagnostics)) {
    // TemplateError: cfn-lint style diagnostics.
    report.issues = (e.diagnostics as { file: string; code: string; message: string; range: { start: { line: number; column: number } } }[]).map((d) => ({
      file: d.file,
      line: d.range.start.line,
      column: d.range.start.column,
      code: d.code,
      message: d.message,
    }));
  } else if (e.location) {
    report.issues = [{ file: e.location.file, line: e.location.range.start.line, column: e.location.range.start.column, code, message: e.message }];
  }
  const first = report.issues?.[0];
  if (first) Object.assign(report, { file: first.file, line: first.line, column: first.column });
  else if (typeof e.path === 'string' && typeof e.syscall === 'string') report.file = e.path;
  else if (typeof e.file === 'string') report.file = e.file;
  return report;
}

function exitFor(e: Coded, code: string): number {
  // Errors the user can fix (bad meridian.yaml, template, arguments, refused approval) exit 2.
  if (e.source === 'user' || code === 'USAGE' || code.startsWith('TEMPLATE') || code.startsWith('CONFIG')) return EXIT.usage;
  return EXIT.failed;
}

/** The text for stderr: the message with its code once, issues one per line as file:line:col. */
export function errorText(r: ErrorReport): string {
  if (r.issues && r.issues.length > 1) {
    const what = r.code === 'CONFIG_INVALID' ? `${r.issues[0]?.file ?? 'meridian.yaml'} is not valid` : 'there are problems';
    return `${what} (${r.code}, ${r.issues.length} problems):\n${r.message}`;
  }
  const hasCode = r.code === 'USAGE' || r.code === 'INTERNAL' || r.message.includes(r.code);
  return hasCode ? r.message : `${r.message} (${r.code})`;
}

/**
 * Whether the command line asks for JSON on stdout: `--json`, or `--format json` where a command
 * has formats (validate, template). Options end at `--`: a --json after it is an argument.
 */
export function asksForJson(argv: readonly string[]): boolean {
  const options = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined);
  return options.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && options[i + 1] === 'json'));
}

/** The --json document of a failed command. */
export function errorDocument(r: ErrorReport): string {
  const { exit: _exit, ...error } = r;
  return `${JSON.stringify({ error: { file: null, line: null, column: null, ...error } }, null, 2)}\n`;
}
