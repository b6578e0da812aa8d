// Line-level scanning for the fast YAML reader: positions, comment and blank lines between nodes,
// keys, and the scalars of block context. The structure (maps, sequences, flow collections) is in
// yaml-fast-reader.ts. Anything unusual throws BAIL, and the caller falls back to the `yaml` library.
import { blockScalarBody, doubleQuotedValue, resolvePlain, singleQuotedValue, unfoldLines } from './yaml-fast-scalars.js';
import type { Position, Range, Scalar } from './source-node.js';

// Characters that cannot end or complicate a plain scalar's line, and a double-quoted body's stops.
const PLAIN_RUN = /[^:#\r\n]*/y;
const DOUBLE_STOP = /["\\]/g;
// Indentation, skipped natively: it is most of a template's characters.
const INDENT = / */y;

/** Thrown (one shared instance, no stack to capture) where the fast reader is not sure. */
export const BAIL = new Error('not handled by the fast YAML reader');

export const SPACE = 32;
export const LF = 10;
export const CR = 13;
export const HASH = 35;
export const COLON = 58;
export const DASH = 45;
export const TAB = 9;

/** ASCII letters start most keys and values; no indicator is a letter. */
export function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** A key scanned on its line: where its text stands and its value as a string. */
interface ScannedKey {
  start: number;
  end: number;
  /** Just after the `:` indicator. */
  after: number;
  value: string;
}

export class YamlScanner {
  protected readonly text: string;
  protected readonly len: number;
  /** The scan position. */
  protected p = 0;
  private readonly lineStarts: number[] = [0];
  private line = 0;

  // The run of blank and comment lines after the last node, as skipFiller found it.
  /** Indentation of the next content line; -1 at the end of the document. */
  protected nextIndent = -1;
  /** Where the next content starts: its first character, the end marker, or the end of text. */
  protected gEnd = 0;
  /** Deepest indentation of the run's comments not taken into the last node's end; -1 if none. */
  protected gMaxComment = -1;
  /** The run is a `---` or `...` line at the end of the document. */
  protected atMarker = false;
  /** A blank line of the run holds a tab: fine between nodes, an error where indentation is read. */
  protected fillerTabs = false;
  private readonly commentIndents: number[] = [];
  private readonly commentEnds: number[] = [];
  private commentCount = 0;

  /** The end of the last node including what the library counts as trailing it (range[2]). */
  protected nodeEnd = 0;
  /** The key found by isKeyAt. */
  protected key: ScannedKey = { start: 0, end: 0, after: 0, value: '' };
  /** The end of the last plain scalar's text (plainBlock). */
  protected valueEnd = 0;
  /** The last plain or quoted scalar spans lines. */
  protected valueMulti = false;

  constructor(text: string) {
    this.text = text;
    this.len = text.length;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    // A lone CR is a line break to YAML but not to LineIndex; leave such text to the library.
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) throw BAIL;
  }

  /** The 1-based position of an offset; walks from the last answer, as offsets arrive nearly in order. */
  protected position(offset: number): Position {
    const starts = this.lineStarts;
    let l = this.line;
    while (l + 1 < starts.length && (starts[l + 1] as number) <= offset) l++;
    while (l > 0 && (starts[l] as number) > offset) l--;
    this.line = l;
    return { line: l + 1, column: offset - (starts[l] as number) + 1 };
  }

  protected range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  protected column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  protected at(offset: number): number {
    return this.text.charCodeAt(offset);
  }

  /** True at a line break or the end of text (a CR is always followed by LF: see the constructor). */
  protected isBreak(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    return c === LF || c === CR || c !== c;
  }

  /** True where a separator follows: a space, a line break or the end of text. */
  protected isSep(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    return c === SPACE || c === LF || c === CR || c !== c;
  }

  /** isSep, or a tab: what may follow a tag, a `:` or a block scalar header within a line. */
  protected isBlank(offset: number): boolean {
    return this.isSep(offset) || this.text.charCodeAt(offset) === TAB;
  }

  /** Skips separating blanks within a line (YAML allows tabs there, unlike in indentation). */
  protected skipSpaces(): void {
    let c = this.text.charCodeAt(this.p);
    while (c === SPACE || c === TAB) c = this.text.charCodeAt(++this.p);
  }

  /** Past a line break at p (which must be one, or the end of text). */
  private breakAt(q: number): number {
    const c = this.text.charCodeAt(q);
    if (c === LF) return q + 1;
    if (c === CR) return q + 2;
    if (q >= this.len) return q;
    throw BAIL;
  }

  /** After a node on its line: spaces, a comment, the line break. Sets nodeEnd past them; true if commented. */
  protected lineEnd(): boolean {
    const t = this.text;
    let q = this.p;
    let c = t.charCodeAt(q);
    while (c === SPACE || c === TAB) c = t.charCodeAt(++q);
    let commented = false;
    if (c === HASH) {
      // A comment needs a blank before it (else `#` would be text, or an error after a quote).
      const b = t.charCodeAt(q - 1);
      if (b !== SPACE && b !== TAB) throw BAIL;
      const nl = t.indexOf('\n', q);
      q = nl < 0 ? this.len : nl;
      commented = true;
    }
    this.p = this.breakAt(q);
    this.nodeEnd = this.p;
    return commented;
  }

  /** Skips blank and comment lines from a line start, recording them and the next content line. */
  protected skipFiller(): void {
    const t = this.text;
    this.commentCount = 0;
    this.atMarker = false;
    this.fillerTabs = false;
    let max = -1;
    for (;;) {
      const ls = this.p;
      INDENT.lastIndex = ls;
      INDENT.test(t);
      const q = INDENT.lastIndex;
      const c = t.charCodeAt(q);
      if (q >= this.len) {
        this.p = this.len;
        this.nextIndent = -1;
        this.gEnd = this.len;
        break;
      }
      if (c === LF || c === CR) {
        this.p = this.breakAt(q);
        continue;
      }
      if (c === TAB) {
        // A blank line may hold tabs; indentation may not.
        let e = q;
        while (t.charCodeAt(e) === TAB || t.charCodeAt(e) === SPACE) e++;
        if (!this.isBreak(e)) throw BAIL;
        this.fillerTabs = true;
        this.p = this.breakAt(e);
        continue;
      }
      if (c === HASH) {
        const nl = t.indexOf('\n', q);
        this.p = nl < 0 ? this.len : nl + 1;
        this.commentIndents[this.commentCount] = q - ls;
        this.commentEnds[this.commentCount++] = this.p;
        if (q - ls > max) max = q - ls;
        continue;
      }
      this.p = q;
      this.gEnd = q;
      if (q === ls && (c === DASH || c === 46) && t.charCodeAt(q + 1) === c && t.charCodeAt(q + 2) === c && this.isSep(q + 3)) {
        this.atMarker = true;
        this.nextIndent = -1;
      } else this.nextIndent = q - ls;
      break;
    }
    this.gMaxComment = max;
  }

  /**
   * Comment lines indented deeper than the collection holding a flow node belong to that node's end
   * (the library appends them to the node's trailing tokens); the rest stay in the run.
   */
  protected absorbComments(collectionIndent: number): void {
    let i = 0;
    while (i < this.commentCount && (this.commentIndents[i] as number) > collectionIndent) this.nodeEnd = this.commentEnds[i++] as number;
    if (i === 0) return;
    let max = -1;
    for (let j = i; j < this.commentCount; j++) max = Math.max(max, this.commentIndents[j] as number);
    this.gMaxComment = max;
  }

  protected get fillerHasComments(): boolean {
    return this.commentCount > 0;
  }

  /** Whether a block-map key starts at `at` on this line; if so, fills `key`. */
  protected isKeyAt(at: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(at);
    let end: number;
    let value: string;
    if (c === 34 || c === 39) {
      end = this.quotedEnd(at, c);
      if (end < 0) return false;
      const body = t.slice(at + 1, end - 1);
      if (body.indexOf('\n') >= 0) return false;
      const v = c === 39 ? singleQuotedValue(body) : doubleQuotedValue(body);
      if (v === undefined) throw BAIL;
      value = v;
      let q = end;
      while (t.charCodeAt(q) === SPACE) q++;
      if (t.charCodeAt(q) !== COLON) return false;
      const n = t.charCodeAt(q + 1);
      if (!(n === SPACE || n === TAB || n === LF || n === CR || n !== n)) throw BAIL;
      this.key = { start: at, end, after: q + 1, value };
      return true;
    }
    if (!isLetter(c) && !this.plainStart(at)) return false;
    const colon = this.plainLineEnd(at, true);
    if (colon < 0) return false;
    end = colon;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    if (t.charCodeAt(end - 1) === TAB) throw BAIL;
    const resolved = resolvePlain(t.slice(at, end));
    value = typeof resolved === 'string' ? resolved : String(resolved);
    this.key = { start: at, end, after: colon + 1, value };
    return true;
  }

  /** Whether a plain scalar may start at `at` in block context (indicators are not handled here). */
  protected plainStart(at: number): boolean {
    const c = this.text.charCodeAt(at);
    switch (c) {
      case DASH:
      case 63: // ?
      case COLON:
        return !this.isSep(at + 1) && this.text.charCodeAt(at + 1) !== TAB;
      case 44: case 91: case 93: case 123: case 125: case HASH: case 38: case 42: case 33:
      case 124: case 62: case 39: case 34: case 37: case 64: case 96: case 9:
        return false;
    }
    return c === c; // NaN at the end of text
  }

  /**
   * Scans a plain scalar's first line from `at`. With `wantColon`, returns the offset of a `: `
   * indicator (or -1 if none); otherwise returns the end of the scalar's text and throws BAIL on a
   * `: ` (a nested mapping on the same line).
   */
  protected plainLineEnd(at: number, wantColon: boolean): number {
    const t = this.text;
    let q = at;
    for (;;) {
      // A sticky regex skips ordinary characters natively, which matters before the JIT warms up.
      PLAIN_RUN.lastIndex = q;
      PLAIN_RUN.test(t);
      q = PLAIN_RUN.lastIndex;
      const c = t.charCodeAt(q);
      if (c === COLON) {
        const n = t.charCodeAt(q + 1);
        if (n === SPACE || n === TAB || n === LF || n === CR || n !== n) {
          if (wantColon) return q;
          throw BAIL;
        }
      }
      if (c === LF || c === CR || c !== c) break;
      if (c === HASH && (t.charCodeAt(q - 1) === SPACE || t.charCodeAt(q - 1) === TAB)) break;
      q++;
    }
    if (wantColon) return -1;
    for (let b = t.charCodeAt(q - 1); b === SPACE || b === TAB; b = t.charCodeAt(q - 1)) q--;
    return q;
  }

  /** End (past the closing quote) of a quoted scalar starting at `at`, or -1 if not closed. */
  protected quotedEnd(at: number, quote: number): number {
    const t = this.text;
    if (quote === 39) {
      for (let q = t.indexOf("'", at + 1); q >= 0; q = t.indexOf("'", q + 2)) if (t.charCodeAt(q + 1) !== 39) return q + 1;
      return -1;
    }
    DOUBLE_STOP.lastIndex = at + 1;
    while (DOUBLE_STOP.test(t)) {
      const q = DOUBLE_STOP.lastIndex - 1;
      if (t.charCodeAt(q) === 34) return q + 1;
      DOUBLE_STOP.lastIndex = q + 2;
    }
    return -1;
  }

  /**
   * A quoted scalar at p, possibly over several lines (each indented deeper than `minIndent`).
   * Leaves p after the closing quote; returns its value.
   */
  protected quoted(minIndent: number): string {
    const t = this.text;
    const at = this.p;
    const quote = t.charCodeAt(at);
    const end = this.quotedEnd(at, quote);
    if (end < 0) throw BAIL;
    const body = t.slice(at + 1, end - 1);
    this.valueMulti = body.indexOf('\n') >= 0;
    if (this.valueMulti) this.checkContinuation(at, end, minIndent);
    const value = quote === 39 ? singleQuotedValue(body) : doubleQuotedValue(body);
    if (value === undefined) throw BAIL;
    this.p = end;
    return value;
  }

  /** Lines inside a multi-line scalar must be indented past `minIndent`, with no tabs or markers. */
  protected checkContinuation(from: number, to: number, minIndent: number): void {
    const t = this.text;
    for (let nl = t.indexOf('\n', from); nl >= 0 && nl < to; nl = t.indexOf('\n', nl + 1)) {
      let q = nl + 1;
      while (t.charCodeAt(q) === SPACE) q++;
      const c = t.charCodeAt(q);
      if (c === 9) throw BAIL;
      if (c === LF || c === CR) continue;
      if (q - nl - 1 <= minIndent) throw BAIL;
    }
  }

  /**
   * A plain scalar at p in block context, continued on deeper-indented lines, with what follows it
   * up to the next content (lineEnd, skipFiller). Sets valueEnd to the end of its text; returns the
   * resolved value (the text itself when `raw`).
   */
  protected plainBlock(minIndent: number, raw: boolean): Scalar {
    const t = this.text;
    const at = this.p;
    let end = this.plainLineEnd(at, false);
    this.p = end;
    let multi = false;
    for (;;) {
      const commented = this.lineEnd();
      this.skipFiller();
      // The next content line continues the scalar if it is deeper than the parent and neither a
      // comment nor anything after one comes first.
      if (commented || this.fillerHasComments || this.nextIndent <= minIndent) break;
      if (this.fillerTabs) throw BAIL;
      const c = t.charCodeAt(this.p);
      if (!this.plainStart(this.p) || c === DASH || c === 63 || c === COLON) throw BAIL;
      end = this.plainLineEnd(this.p, false);
      this.p = end;
      multi = true;
    }
    this.valueEnd = end;
    this.valueMulti = multi;
    const source = t.slice(at, end);
    if (!multi) return raw ? source : resolvePlain(source);
    const value = unfoldLines(source);
    return raw ? value : resolvePlain(value);
  }

  /**
   * A block scalar (`|` or `>`) at p whose parent collection is at `parentIndent`. Leaves p (and
   * nodeEnd) at the end of its text as the library delimits it; returns its value.
   */
  protected blockScalar(parentIndent: number): string {
    const t = this.text;
    const folded = t.charCodeAt(this.p) === 62;
    this.p++;
    let chomp: '' | '-' | '+' = '';
    let digit = 0;
    for (let k = 0; k < 2; k++) {
      const c = t.charCodeAt(this.p);
      if ((c === DASH || c === 43) && chomp === '') chomp = c === DASH ? '-' : '+';
      else if (c >= 49 && c <= 57 && digit === 0) digit = c - 48;
      else break;
      this.p++;
    }
    if (!this.isBlank(this.p)) throw BAIL;
    this.lineEnd();
    if (this.p >= this.len) throw BAIL;
    const body = blockScalarBody(t, this.p, parentIndent, digit, folded, chomp);
    if (body === undefined) throw BAIL;
    this.p = this.nodeEnd = body.end;
    return body.value;
  }
}
