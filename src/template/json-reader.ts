// A JSON reader that keeps source positions and every duplicate key.
// JSON.parse gives neither, and CloudFormation errors must name line and column, so this is
// hand-written (RFC 8259, ~150 lines) rather than taken from a library.
import { PARSE_LIMITS } from './parse-limits.js';
import type { LineIndex, MapEntry, SourceNode } from './source-node.js';

/** A JSON syntax error at a character offset. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses JSON text into a positioned syntax tree; throws JsonSyntaxError. */
export function readJson(text: string, lines: LineIndex): SourceNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Objects and arrays open; bounded so a tower of `[` fails here rather than overflowing the stack.
  let depth = 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const skipSpace = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= text.length ? 'end of file' : `'${text[at]}'`);

  function readString(): string {
    const start = i;
    i++; // opening quote
    let out = '';
    while (true) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape in string');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else fail(`invalid escape '\\${e}' in string`);
      } else if (c.charCodeAt(0) < 0x20) {
        fail('control character in string (escape it)');
      } else {
        out += c;
        i++;
      }
    }
  }

  function readValue(): SourceNode {
    skipSpace();
    const start = i;
    const c = text[i];
    if (c === '{') return readObject();
    if (c === '[') return readArray();
    if (c === '"') {
      const value = readString();
      return { kind: 'scalar', value, range: lines.range(start, i) };
    }
    const literal = /^(?:true|false|null)/.exec(text.slice(i, i + 5));
    if (literal) {
      i += literal[0].length;
      const value = literal[0] === 'null' ? null : literal[0] === 'true';
      return { kind: 'scalar', value, range: lines.range(start, i) };
    }
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (num) {
      i += num[0].length;
      return { kind: 'scalar', value: Number(num[0]), range: lines.range(start, i) };
    }
    return fail(`expected a value, found ${describe(i)}`);
  }

  function enter(): void {
    if (++depth > PARSE_LIMITS.depth) fail(`nesting is deeper than ${PARSE_LIMITS.depth} levels`);
  }

  function readObject(): SourceNode {
    const start = i;
    enter();
    i++;
    const entries: MapEntry[] = [];
    skipSpace();
    if (text[i] === '}') {
      i++;
      depth--;
      return { kind: 'map', entries, range: lines.range(start, i) };
    }
    while (true) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a string key, found ${describe(i)}`);
      const keyStart = i;
      const key = readString();
      const keyRange = lines.range(keyStart, i);
      skipSpace();
      if (text[i] !== ':') fail(`expected ':' after key "${key}", found ${describe(i)}`);
      i++;
      entries.push({ key, keyRange, value: readValue() });
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        depth--;
        return { kind: 'map', entries, range: lines.range(start, i) };
      }
      fail(`expected ',' or '}', found ${describe(i)}`);
    }
  }

  function readArray(): SourceNode {
    const start = i;
    enter();
    i++;
    const items: SourceNode[] = [];
    skipSpace();
    if (text[i] === ']') {
      i++;
      depth--;
      return { kind: 'seq', items, range: lines.range(start, i) };
    }
    while (true) {
      items.push(readValue());
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        depth--;
        return { kind: 'seq', items, range: lines.range(start, i) };
      }
      fail(`expected ',' or ']', found ${describe(i)}`);
    }
  }

  const root = readValue();
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
  return root;
}
