import type { Range } from './source-node.js';

/** A problem found in a template, located in its file. */
export interface TemplateDiagnostic {
  /** Stable id: E0000 for parse errors (the cfn-lint id), others per check. */
  code: string;
  message: string;
  file: string;
  range: Range;
  path?: readonly (string | number)[];
}

/** Formats a diagnostic the way compilers do: `file:line:col: CODE message`. */
export function formatDiagnostic(d: TemplateDiagnostic): string {
  return `${d.file}:${d.range.start.line}:${d.range.start.column}: ${d.code} ${d.message}`;
}

/** Thrown where a caller asked for a template and the text is not one. */
export class TemplateError extends Error {
  readonly code = 'TEMPLATE_INVALID';
  readonly source = 'user' as const;

  constructor(readonly diagnostics: TemplateDiagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'TemplateError';
  }
}
