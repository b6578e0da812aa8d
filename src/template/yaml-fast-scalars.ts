// Scalar values for the fast YAML reader: core-schema resolution of plain scalars, quoted-scalar
// unescaping and line folding, and block scalar (`|`, `>`) contents. Each function reproduces what
// the `yaml` library yields for the same source text (YAML 1.2 core schema), so both readers agree.
import type { Scalar } from './source-node.js';

const OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Resolves a plain scalar's text as the core schema does: null, bool, int, float, else string. */
export function resolvePlain(s: string): Scalar {
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  // Most template strings start with a letter that no typed value can start with; skip the tests.
  switch (c) {
    case 126: // ~
      return s === '~' ? null : s;
    case 110: // n
    case 78: // N
      return s === 'null' || s === 'Null' || s === 'NULL' ? null : s;
    case 116: // t
    case 84: // T
      return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
    case 102: // f
    case 70: // F
      return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
  }
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) return resolveNumber(s);
  return s;
}

function resolveNumber(s: string): Scalar {
  // Same order as the library's core schema: the first matching test wins.
  if (OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (HEX.test(s)) return parseInt(s.substring(2), 16);
  if (INF_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

const isBlank = (c: number) => c === 32 || c === 9;
// Indentation, skipped natively: it is most of a template's characters.
const INDENT = / */y;

/**
 * Folds the lines of a multi-line flow scalar (plain or single-quoted body): the first line loses
 * trailing blanks, inner lines both ends, the last line its leading blanks; one line break becomes a
 * space, n+1 breaks become n newlines.
 */
export function unfoldLines(source: string): string {
  let nl = source.indexOf('\n');
  if (nl < 0) return source;
  let res = trimEnd(source, 0, lineContentEnd(source, nl));
  let sep = ' ';
  let start = nl + 1;
  for (nl = source.indexOf('\n', start); nl >= 0; nl = source.indexOf('\n', start)) {
    let a = start;
    let b = lineContentEnd(source, nl);
    while (a < b && isBlank(source.charCodeAt(a))) a++;
    while (b > a && isBlank(source.charCodeAt(b - 1))) b--;
    if (a === b) {
      if (sep === '\n') res += sep;
      else sep = '\n';
    } else {
      res += sep + source.slice(a, b);
      sep = ' ';
    }
    start = nl + 1;
  }
  let a = start;
  while (a < source.length && isBlank(source.charCodeAt(a))) a++;
  return res + sep + source.slice(a);
}

function lineContentEnd(source: string, nl: number): number {
  return nl > 0 && source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

function trimEnd(source: string, a: number, b: number): string {
  while (b > a && isBlank(source.charCodeAt(b - 1))) b--;
  return source.slice(a, b);
}

/** The value of a single-quoted scalar; `body` is the text between the quotes. */
export function singleQuotedValue(body: string): string {
  const folded = unfoldLines(body);
  return folded.indexOf("''") < 0 ? folded : folded.replaceAll("''", "'");
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** The value of a double-quoted scalar (`body` between the quotes), or undefined on a bad escape. */
export function doubleQuotedValue(body: string): string | undefined {
  // Single-line bodies without escapes are by far the most common: no work at all.
  if (body.indexOf('\\') < 0 && body.indexOf('\n') < 0) return body;
  let res = '';
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === 13 && body.charCodeAt(i + 1) === 10) continue;
    if (c === 10) {
      // One break folds to a space, several to n-1 newlines; the next line's indent is dropped.
      let fold = '';
      let ch = body.charCodeAt(i + 1);
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
        if (ch === 13 && body.charCodeAt(i + 2) !== 10) break;
        if (ch === 10) fold += '\n';
        i++;
        ch = body.charCodeAt(i + 1);
      }
      res += fold || ' ';
    } else if (c === 92) {
      const next = body[++i] ?? '';
      const esc = ESCAPES[next];
      if (esc !== undefined) res += esc;
      else if (next === '\n' || (next === '\r' && body.charCodeAt(i + 1) === 10)) {
        if (next === '\r') i++;
        while (isBlank(body.charCodeAt(i + 1))) i++;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = body.substr(i + 1, length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) return undefined;
        res += String.fromCodePoint(code);
        i += length;
      } else return undefined;
    } else if (c === 32 || c === 9) {
      // Blanks before a line break are trimmed; elsewhere they are kept as written.
      const ws = i;
      while (isBlank(body.charCodeAt(i + 1))) i++;
      const next = body.charCodeAt(i + 1);
      if (next !== 10 && !(next === 13 && body.charCodeAt(i + 2) === 10)) res += body.slice(ws, i + 1);
    } else res += body[i];
  }
  return res;
}

/** One line of a block scalar: its indentation (spaces) and the rest, line break excluded. */
interface BlockLine {
  indent: number;
  content: string;
}

/**
 * The lines of a block scalar from `start` (the line after its header) inside a collection at
 * `parentIndent`, delimited as the library's lexer does: its value and where its text ends.
 * Undefined for anything unusual (tabs, empty bodies, deeper blank lines, bad indentation).
 */
export function blockScalarBody(t: string, start: number, parentIndent: number, digit: number, folded: boolean, chomp: '' | '-' | '+'): { value: string; end: number } | undefined {
  const len = t.length;
  const lines: BlockLine[] = [];
  const minIndent = parentIndent + (digit > 0 ? digit : 1);
  let contentIndent = digit > 0 ? minIndent : -1;
  let lastContentEnd = -1;
  let lastContentLines = 0;
  let q = start;
  for (;;) {
    const ls = q;
    INDENT.lastIndex = q;
    INDENT.test(t);
    q = INDENT.lastIndex;
    const c = t.charCodeAt(q);
    if (c === 9) return undefined;
    if (q >= len) {
      if (q > ls) return undefined;
      break;
    }
    if (c === 10 || c === 13) {
      if (contentIndent >= 0 && q - ls > contentIndent) return undefined;
      lines.push({ indent: q - ls, content: '' });
      q += c === 10 ? 1 : 2;
      continue;
    }
    const indent = q - ls;
    if (contentIndent < 0) {
      if (indent < minIndent) return undefined;
      contentIndent = indent;
      for (const l of lines) if (l.indent > indent) return undefined;
    }
    if (indent < contentIndent) {
      q = ls;
      break;
    }
    const nl = t.indexOf('\n', q);
    const lineEnd = nl < 0 ? len : nl;
    lines.push({ indent, content: t.slice(q, t.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd) });
    q = nl < 0 ? len : nl + 1;
    lastContentEnd = q;
    lastContentLines = lines.length;
  }
  if (lastContentEnd < 0) return undefined;
  // Without `+`, the library's block scalar text stops after its last content line.
  const keep = chomp === '+';
  const end = keep ? q : lastContentEnd;
  const used = keep ? lines : lines.slice(0, lastContentLines);
  const finalBreak = end > 0 && t.charCodeAt(end - 1) === 10;
  const value = blockScalarValue(used, finalBreak, folded, chomp, parentIndent + digit, digit === 0);
  return value === undefined ? undefined : { value, end };
}

/** The value of a block scalar from its lines; undefined where the library would report an error. */
function blockScalarValue(lines: BlockLine[], finalBreak: boolean, folded: boolean, chomp: '' | '-' | '+', trimIndent: number, auto: boolean): string | undefined {
  let chompStart = lines.length;
  while (chompStart > 0 && lines[chompStart - 1]?.content === '') chompStart--;
  if (chompStart === 0) return undefined;
  let contentStart = 0;
  while (lines[contentStart]?.content === '') contentStart++;
  const first = lines[contentStart] as BlockLine;
  if (auto) trimIndent = first.indent;
  for (let i = 0; i < contentStart; i++) if ((lines[i] as BlockLine).indent > trimIndent) return undefined;
  // Trailing empty lines indented deeper than the content would count as content; rare, not handled.
  for (let i = chompStart; i < lines.length; i++) if ((lines[i] as BlockLine).indent > trimIndent) return undefined;
  let value = '\n'.repeat(contentStart);
  let sep = '';
  let prevMore = false;
  for (let i = contentStart; i < chompStart; i++) {
    const { indent, content } = lines[i] as BlockLine;
    if (content !== '' && indent < trimIndent) return undefined;
    const extra = indent > trimIndent ? ' '.repeat(indent - trimIndent) : '';
    if (!folded) {
      value += sep + extra + content;
      sep = '\n';
    } else if (indent > trimIndent || content.charCodeAt(0) === 9) {
      if (sep === ' ') sep = '\n';
      else if (!prevMore && sep === '\n') sep = '\n\n';
      value += sep + extra + content;
      sep = '\n';
      prevMore = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMore = false;
    }
  }
  if (chomp === '+') {
    // The library counts the empty remainder after the last line break as one more kept line.
    value += '\n'.repeat(lines.length - chompStart + (finalBreak ? 1 : 0));
    if (value.charCodeAt(value.length - 1) !== 10) value += '\n';
  } else if (chomp === '') value += '\n';
  return value;
}
