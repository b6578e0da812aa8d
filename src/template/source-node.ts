// The syntax tree both readers (YAML, JSON) produce before it becomes plain values.
// Keeping one shape lets tag handling, duplicate detection and the source map live in one place.

/** A 1-based line and column in the template text. */
export interface Position {
  line: number;
  column: number;
}

/** A span of template text; `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

export type Scalar = string | number | boolean | null;

export type SourceNode =
  | { kind: 'scalar'; value: Scalar; range: Range }
  | { kind: 'map'; entries: MapEntry[]; range: Range }
  | { kind: 'seq'; items: SourceNode[]; range: Range }
  | { kind: 'tagged'; tag: string; value: SourceNode; range: Range };

export interface MapEntry {
  key: string;
  keyRange: Range;
  value: SourceNode;
}

/** Converts 0-based character offsets into 1-based positions. */
export class LineIndex {
  // Built on the first question: the fast YAML reader tracks positions itself, so most templates
  // never need this index.
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    // indexOf scans natively: a per-character loop cost a fresh process several ms per template set.
    for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }

  position(offset: number): Position {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
