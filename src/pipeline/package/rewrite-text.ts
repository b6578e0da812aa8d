// Rewrites a template by splicing new values into its text at the source positions of the old ones,
// so everything else stays as the author wrote it: YAML stays YAML with its short tags and comments,
// JSON stays JSON. New values are written as JSON, which is also valid YAML flow syntax.
import { isDeepStrictEqual } from 'node:util';
import { parseTemplate, type ParsedTemplate, type Range, type TemplatePath } from '../../template/index.js';
import { PackageError } from './package-error.js';

/** Replace the value at `path` with `value`. */
export interface TemplateEdit {
  path: TemplatePath;
  value: unknown;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

const offsetOf = (starts: number[], p: Range['start']) => (starts[p.line - 1] ?? 0) + p.column - 1;

function valueAt(body: unknown, path: TemplatePath): unknown {
  let cur = body;
  for (const key of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined;
  return cur;
}

/** The template text with every edit applied; checked by parsing it again. */
export function applyEdits(template: ParsedTemplate, edits: readonly TemplateEdit[]): string {
  const starts = lineStarts(template.text);
  const spans = new Map<string, { from: number; to: number; text: string }>();
  for (const edit of edits) {
    const range = template.sourceMap.value(edit.path);
    if (!range) throw new PackageError('PACKAGE_REWRITE_FAILED', `no source position for ${edit.path.join('.')}`, { file: template.file, range: template.sourceMap.locate(edit.path) });
    const from = offsetOf(starts, range.start);
    let to = offsetOf(starts, range.end);
    // A block scalar's range runs to the next line: keep the line break that ends it.
    while (to > from && /[\r\n]/.test(template.text[to - 1] ?? '')) to--;
    const span = { from, to, text: JSON.stringify(edit.value) };
    const previous = spans.get(`${from}:${to}`);
    // A YAML alias makes two paths share one span; both must want the same text.
    if (previous && previous.text !== span.text) {
      throw new PackageError('PACKAGE_REWRITE_FAILED', `${edit.path.join('.')} shares its text with another value that is rewritten differently (a YAML alias?)`, { file: template.file, range });
    }
    spans.set(`${from}:${to}`, span);
  }
  let text = template.text;
  for (const span of [...spans.values()].sort((a, b) => b.from - a.from)) text = text.slice(0, span.from) + span.text + text.slice(span.to);
  if (edits.length > 0) verify(template, text, edits);
  return text;
}

function verify(template: ParsedTemplate, text: string, edits: readonly TemplateEdit[]): void {
  const reparsed = parseTemplate(text, template.file);
  const wrong = reparsed.ok ? edits.find((e) => !isDeepStrictEqual(valueAt(reparsed.template.body, e.path), e.value)) : edits[0];
  if (wrong) {
    const detail = reparsed.ok ? `${wrong.path.join('.')} did not read back as written` : reparsed.diagnostics.map((d) => d.message).join('; ');
    throw new PackageError('PACKAGE_REWRITE_FAILED', `rewriting the template went wrong: ${detail}`, { file: template.file, range: template.sourceMap.locate(wrong.path) });
  }
}
