// NoEcho values that meridian.yaml writes literally: found here for M0002 (a warning at the line the
// value sits on) and for the pipeline, which masks them in every copy it stores.
import { parseDocument, type TemplatePath } from '../../template/index.js';
import { isEnabled, type RuleSelection } from '../engine.js';
import { M0002, m0002Message } from '../rules/meridian/M0002.js';
import type { Finding } from '../types.js';

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

/** Names each configured stack's NoEcho parameters (by index in `stacks`), from its template; undefined: unknown. */
export type NoEchoOf = (stackIndex: number) => ReadonlySet<string> | undefined;

/** The NoEcho values `doc` (meridian.yaml as read, before defaults) writes literally. */
export function clearSecrets(doc: unknown, noEchoOf: NoEchoOf): ClearSecret[] {
  if (!isObj(doc) || !Array.isArray(doc.stacks)) return [];
  const stacks: unknown[] = doc.stacks;
  const out: ClearSecret[] = [];
  const nameOf = (i: number) => {
    const s = stacks[i];
    return isObj(s) && typeof s.name === 'string' ? s.name : `stacks[${i}]`;
  };
  const inMap = (map: unknown, base: TemplatePath, stackFor: (key: string) => string | undefined) => {
    if (!isObj(map)) return;
    for (const [key, value] of Object.entries(map)) {
      const stack = stackFor(key);
      if (stack !== undefined && isLiteral(value)) out.push({ path: [...base, key], stack, parameter: key });
    }
  };
  stacks.forEach((s, i) => {
    const noEcho = noEchoOf(i);
    if (!isObj(s) || !noEcho || noEcho.size === 0) return;
    const own = (key: string) => (noEcho.has(key) ? nameOf(i) : undefined);
    inMap(s.parameters, ['stacks', i, 'parameters'], own);
    inMap(s.secondaryParameters, ['stacks', i, 'secondaryParameters'], own);
    if (isObj(s.regionParameters)) for (const region of Object.keys(s.regionParameters)) inMap(s.regionParameters[region], ['stacks', i, 'regionParameters', region], own);
  });
  // stage.parameters apply to every stage stack: a secret where any stack's template says NoEcho.
  inMap(isObj(doc.stage) ? doc.stage.parameters : undefined, ['stage', 'parameters'], (key) => {
    const i = stacks.findIndex((_, j) => noEchoOf(j)?.has(key));
    return i >= 0 ? nameOf(i) : undefined;
  });
  return out;
}

/** M0002 findings for meridian.yaml's `text`, at the line of each value (settings' ignore and severity apply). */
export function clearSecretFindings(file: string, text: string, noEchoOf: NoEchoOf, selection: Partial<RuleSelection> = {}): Finding[] {
  const sel: RuleSelection = { ignore: selection.ignore ?? [], include: selection.include ?? [], severity: selection.severity ?? {} };
  if (!isEnabled(M0002, sel)) return [];
  const doc = parseDocument(text, file);
  if (!doc.ok) return [];
  return clearSecrets(doc.value, noEchoOf).map((s) => {
    const r = doc.sourceMap.locate(s.path);
    return {
      file, line: r.start.line, column: r.start.column, endLine: r.end.line, endColumn: r.end.column,
      ruleId: M0002.id, severity: sel.severity[M0002.id] ?? M0002.severity, message: m0002Message(s.stack, s.parameter), path: s.path, source: M0002.source,
    };
  });
}
