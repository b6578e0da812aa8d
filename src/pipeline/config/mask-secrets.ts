// NoEcho values written literally in meridian.yaml are secrets the repository holds in clear (the
// validator warns about them, M0002). Meridian never keeps another copy: the text it stores with a
// run, and the checkout it works in, have each such value replaced by a mask, in place, so every
// line and column stays where it was. The value itself is read from the commit when a deploy needs
// it (and for undo, from the approved commit: RunSource.configAt).
import { parseDocument, type TemplatePath } from '../../template/index.js';

/** What a masked value reads as. A quoted string: the masked text still parses as meridian.yaml. */
export const SECRET_MASK = '****';

/** Offsets of the starts of each line (line n starts at starts[n - 1]). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * `text` with the values at `paths` replaced by the mask. Lines are kept: a value over several lines
 * (a block scalar) becomes the mask followed by as many line breaks.
 */
export function maskValues(text: string, file: string, paths: readonly TemplatePath[]): string {
  if (paths.length === 0) return text;
  const doc = parseDocument(text, file);
  if (!doc.ok) return text;
  const starts = lineStarts(text);
  const offset = (p: { line: number; column: number }) => (starts[p.line - 1] ?? text.length) + p.column - 1;
  const spans = paths
    .map((p) => doc.sourceMap.value(p))
    .filter((r): r is NonNullable<typeof r> => r !== undefined)
    .map((r) => [offset(r.start), offset(r.end)] as const)
    .sort((a, b) => b[0] - a[0]);
  let out = text;
  let floor = Infinity;
  for (const [start, end] of spans) {
    // Spans do not overlap (distinct values); a repeated one (an alias to the same anchor) is masked once.
    if (end > floor) continue;
    const breaks = out.slice(start, end).split('\n').length - 1;
    out = `${out.slice(0, start)}'${SECRET_MASK}'${'\n'.repeat(breaks)}${out.slice(end)}`;
    floor = start;
  }
  return out;
}
