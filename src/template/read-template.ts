// Entry point of the reader: text (YAML or JSON) -> plain template body + source map, or
// diagnostics with file:line:col.
import { readFileSync, statSync } from 'node:fs';
import { buildTemplate, type UnknownTags } from './build-template.js';
import { TemplateError, type TemplateDiagnostic } from './diagnostics.js';
import { JsonSyntaxError, readJson } from './json-reader.js';
import { SourceMap } from './source-map.js';
import { PARSE_LIMITS } from './parse-limits.js';
import { LineIndex, type Range, type SourceNode } from './source-node.js';
import { YamlSyntaxError, readYaml } from './yaml-reader.js';

/** CloudFormation's limits on one template (AWS quotas page). */
export const TEMPLATE_LIMITS = {
  /** TemplateBody in a request. Larger templates must go through TemplateURL (S3). */
  bodyBytes: 51_200,
  /** A template read from S3 by TemplateURL. */
  urlBytes: 1_000_000,
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
} as const;

/** A template read from text: the body as CloudFormation sees it, and where each value stands. */
export interface ParsedTemplate {
  file: string;
  format: 'yaml' | 'json';
  text: string;
  /** Size of the text in UTF-8 bytes (CloudFormation's limits are in bytes). */
  bytes: number;
  body: Record<string, unknown>;
  sourceMap: SourceMap;
}

export type ParseResult = { ok: true; template: ParsedTemplate } | { ok: false; diagnostics: TemplateDiagnostic[] };

const START: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };

type RootResult = { ok: true; root: SourceNode | undefined; format: 'yaml' | 'json' } | { ok: false; diagnostics: TemplateDiagnostic[] };

/** Runs the YAML or JSON reader, turning syntax errors into E0000 diagnostics. */
function readRoot(text: string, file: string, lines: LineIndex): RootResult {
  const format = /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
  try {
    return { ok: true, format, root: format === 'json' ? readJson(text, lines) : readYaml(text, lines) };
  } catch (err) {
    if (err instanceof JsonSyntaxError || err instanceof YamlSyntaxError) {
      return { ok: false, diagnostics: [{ code: 'E0000', message: err.message, file, range: lines.range(err.offset, err.offset + 1) }] };
    }
    throw err;
  }
}

/** Parses template text; never throws for bad input, returns diagnostics instead. */
export function parseTemplate(text: string, file = '<template>', options: { unknownTags?: UnknownTags } = {}): ParseResult {
  const lines = new LineIndex(text);
  const bytes = Buffer.byteLength(text, 'utf8');
  const fail = (code: string, message: string, range: Range = START): ParseResult => ({
    ok: false,
    diagnostics: [{ code, message, file, range }],
  });
  if (bytes > TEMPLATE_LIMITS.urlBytes) {
    return fail('E1002', `Template is ${bytes} bytes; CloudFormation accepts at most ${TEMPLATE_LIMITS.urlBytes} bytes (from S3)`);
  }
  const read = readRoot(text, file, lines);
  if (!read.ok) return read;
  const { root, format } = read;
  if (root === undefined) return fail('E1001', "Template is empty: 'Resources' is a required property", { start: START.start, end: START.start });
  if (root.kind !== 'map') return fail('E0000', 'Template needs to be an object.', root.range);
  const built = buildTemplate(root, file, options.unknownTags);
  if (built.diagnostics.length > 0) return { ok: false, diagnostics: built.diagnostics };
  const body = built.value as Record<string, unknown>;
  const limits = checkCountLimits(body, built.sourceMap, file);
  if (limits.length > 0) return { ok: false, diagnostics: limits };
  return { ok: true, template: { file, format, text, bytes, body, sourceMap: built.sourceMap } };
}

/** A YAML or JSON document that is not a template (meridian.yaml, .cfnlintrc), with positions. */
export type DocumentResult =
  | { ok: true; value: unknown; sourceMap: SourceMap }
  | { ok: false; diagnostics: TemplateDiagnostic[] };

/** Parses any YAML/JSON document with positions and duplicate-key checks, without template limits. */
export function parseDocument(text: string, file: string): DocumentResult {
  // Quick reject on length first: a string of n UTF-16 units is at least n UTF-8 bytes.
  const bytes = text.length > PARSE_LIMITS.documentBytes ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > PARSE_LIMITS.documentBytes) {
    return { ok: false, diagnostics: [{ code: 'E0000', message: `${file} is ${bytes} bytes or more; Meridian reads documents of at most ${PARSE_LIMITS.documentBytes} bytes`, file, range: START }] };
  }
  const read = readRoot(text, file, new LineIndex(text));
  if (!read.ok) return read;
  if (read.root === undefined) return { ok: true, value: null, sourceMap: new SourceMap() };
  const built = buildTemplate(read.root, file);
  if (built.diagnostics.length > 0) return { ok: false, diagnostics: built.diagnostics };
  return { ok: true, value: built.value, sourceMap: built.sourceMap };
}

function checkCountLimits(body: Record<string, unknown>, map: SourceMap, file: string): TemplateDiagnostic[] {
  const sections = [
    ['Resources', TEMPLATE_LIMITS.resources, 'E3010'],
    ['Parameters', TEMPLATE_LIMITS.parameters, 'E2010'],
    ['Outputs', TEMPLATE_LIMITS.outputs, 'E6010'],
    ['Mappings', TEMPLATE_LIMITS.mappings, 'E7010'],
  ] as const;
  const out: TemplateDiagnostic[] = [];
  for (const [section, max, code] of sections) {
    const value = body[section];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const count = Object.keys(value).length;
      if (count > max) {
        out.push({ code, message: `${section} has ${count} entries; CloudFormation allows at most ${max}`, file, range: map.locate([section]), path: [section] });
      }
    }
  }
  return out;
}

/** Reads and parses a template file; throws TemplateError (with positions) if it is not one. */
export async function readTemplateFile(file: string): Promise<ParsedTemplate> {
  // Synchronous: a template is at most 1 MB, and node:fs/promises costs short CLI runs ~3 ms to load.
  // A larger file is refused before it is read into memory.
  const size = statSync(file).size;
  if (size > TEMPLATE_LIMITS.urlBytes) {
    const message = `Template is ${size} bytes; CloudFormation accepts at most ${TEMPLATE_LIMITS.urlBytes} bytes (from S3)`;
    throw new TemplateError([{ code: 'E1002', message, file, range: START }]);
  }
  const text = readFileSync(file, 'utf8');
  const result = parseTemplate(text, file);
  if (!result.ok) throw new TemplateError(result.diagnostics);
  return result.template;
}
