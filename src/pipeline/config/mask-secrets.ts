// NoEcho values written literally in meridian.yaml are secrets the repository holds in clear (the
// validator warns about them, M0002). Meridian never keeps another copy: the text it stores with a
// run, and the checkout it works in, have each such value replaced by a mask, in place, so every
// line and column stays where it was. The value itself is read from the commit when a deploy needs
// it (and for undo, from the approved commit: RunSource.configAt).
import { parseDocument, type TemplatePath } from '../../template/index.js';

/** What a masked value reads as. A quoted string: the masked text still parses as meridian.yaml. */
export const SECRET_MASK = '****';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A value written in the file (not `{ env }`, `{ ssm }` or `{ output }`): a scalar or a list of scalars. */
const isLiteral = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || Array.isArray(v);

/** A NoEcho parameter whose value meridian.yaml gives literally. */
export interface ClearSecret {
  /** Where the value stands in meridian.yaml. */
  path: TemplatePath;
  /** The configured stack (for `stage.parameters`: the first stack whose template makes it NoEcho). */
  stack: string;
  parameter: string;
}

/**
 * The NoEcho values `doc` (meridian.yaml as read, before defaults) writes literally. `noEchoOf`
 * names each stack's NoEcho parameters, from its template (undefined: the template is unknown).
 */
export function clearSecrets(doc: unknown, noEchoOf: (stackIndex: number) => ReadonlySet<string> | undefined): ClearSecret[] {
  if (!isObj(doc) || !Array.isArray(doc.stacks)) return [];
  const out: ClearSecret[] = [];
  const names: string[] = [];
  const inMap = (map: unknown, base: TemplatePath, noEcho: (key: string) => string | undefined) => {
    if (!isObj(map)) return;
    for (const [key, value] of Object.entries(map)) {
      const stack = noEcho(key);
      if (stack !== undefined && isLiteral(value)) out.push({ path: [...base, key], stack, parameter: key });
    }
  };
  doc.stacks.forEach((s, i) => {
    if (!isObj(s)) return;
    const name = typeof s.name === 'string' ? s.name : `stacks[${i}]`;
    names[i] = name;
    const noEcho = noEchoOf(i);
    if (!noEcho || noEcho.size === 0) return;
    const own = (key: string) => (noEcho.has(key) ? name : undefined);
    inMap(s.parameters, ['stacks', i, 'parameters'], own);
    inMap(s.secondaryParameters, ['stacks', i, 'secondaryParameters'], own);
    if (isObj(s.regionParameters)) for (const region of Object.keys(s.regionParameters)) inMap(s.regionParameters[region], ['stacks', i, 'regionParameters', region], own);
  });
  // stage.parameters apply to every stage stack: secret where any stack's template says NoEcho.
  const stage = isObj(doc.stage) ? doc.stage.parameters : undefined;
  inMap(stage, ['stage', 'parameters'], (key) => {
    const i = doc.stacks instanceof Array ? doc.stacks.findIndex((_, j) => noEchoOf(j)?.has(key)) : -1;
    return i >= 0 ? names[i] : undefined;
  });
  return out;
}

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
