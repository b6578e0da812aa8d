import type { Range } from './source-node.js';

/** A path into a template: keys and list indexes from the top, e.g. ['Resources', 'Bucket', 'Properties']. */
export type TemplatePath = readonly (string | number)[];

const SEP = '\u0000';
const keyOf = (path: TemplatePath) => path.join(SEP);

/** Where each value (and each map key) of a template stands in its file. */
export class SourceMap {
  private readonly values = new Map<string, Range>();
  private readonly keys = new Map<string, Range>();

  /** Records where the value at `path` is, and optionally its key. */
  set(path: TemplatePath, value: Range, key?: Range): void {
    const k = keyOf(path);
    this.values.set(k, value);
    if (key) this.keys.set(k, key);
  }

  /** The range of the value at `path`, if that exact path has one. */
  value(path: TemplatePath): Range | undefined {
    return this.values.get(keyOf(path));
  }

  /** The range of the map key naming `path`, if any. */
  key(path: TemplatePath): Range | undefined {
    return this.keys.get(keyOf(path));
  }

  /**
   * Where to point a finding about `path`: its key if it has one (that is what cfn-lint reports),
   * else its value, else the nearest ancestor that has a position.
   */
  locate(path: TemplatePath): Range {
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const found = this.key(p) ?? this.value(p);
      if (found) return found;
    }
    return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  }
}
