// Reads the template of a request (TemplateBody, or TemplateURL from localcloud's own S3) and
// checks it the way CloudFormation does before any operation starts.
import { isRecord, parseTemplate, TEMPLATE_LIMITS } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import type { S3Port } from '../../contract.js';
import { referencedIds } from './intrinsics.js';
import type { TemplateRecord } from './records.js';

const validation = (message: string) => new AwsError('ValidationError', message);

/** The template of a request: TemplateBody or TemplateURL (UsePreviousTemplate is the caller's). */
export function templateOfRequest(params: Record<string, string>, s3: S3Port): TemplateRecord {
  const body = params.TemplateBody;
  const url = params.TemplateURL;
  if (body !== undefined && url !== undefined) throw validation('You cannot specify both TemplateURL and TemplateBody');
  if (body !== undefined) {
    if (Buffer.byteLength(body, 'utf8') > TEMPLATE_LIMITS.bodyBytes) {
      throw validation(`1 validation error detected: Value '${body.slice(0, 20)}...' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${TEMPLATE_LIMITS.bodyBytes}`);
    }
    return parseOrThrow(body);
  }
  if (url !== undefined) return parseOrThrow(readTemplateUrl(url, s3));
  throw validation('Either Template URL or Template Body must be specified.');
}

/** Bucket and key of an S3 URL in virtual-host (`bucket.s3.region.amazonaws.com/key`) or path style. */
export function s3Location(url: string): { bucket: string; key: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  // AWS's virtual-host names, and localcloud's own (`bucket.localhost:4566`, `bucket.s3.localhost`).
  const virtual = /^(.+?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.exec(parsed.hostname) ?? /^(.+?)(?:\.s3)?\.localhost$/.exec(parsed.hostname);
  if (virtual) return path ? { bucket: virtual[1] as string, key: path } : undefined;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) return undefined;
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

function readTemplateUrl(url: string, s3: S3Port): string {
  const where = s3Location(url);
  if (!where) throw validation('TemplateURL must be a supported URL.');
  if (!s3.bucketInfo(where.bucket)) throw validation(`S3 error: The specified bucket does not exist`);
  const bytes = s3.getObject(where.bucket, where.key);
  if (!bytes) throw validation(`S3 error: Access Denied`);
  if (bytes.length > TEMPLATE_LIMITS.urlBytes) throw validation(`Template may not exceed ${TEMPLATE_LIMITS.urlBytes} bytes in size.`);
  return bytes.toString('utf8');
}

/** Parses template text; syntax and structure errors become CloudFormation's "Template format error". */
export function parseOrThrow(text: string): TemplateRecord {
  const result = parseTemplate(text);
  if (!result.ok) {
    const d = result.diagnostics[0];
    const where = d ? ` (line ${d.range.start.line}, column ${d.range.start.column})` : '';
    const kind = /^\s*\{/.test(text) ? 'JSON' : 'YAML';
    if (d?.code === 'E0000') throw validation(`Template format error: ${kind} not well-formed.${where}`);
    throw validation(`Template format error: ${d?.message ?? 'unreadable template'}`);
  }
  const body = result.template.body;
  if (!isRecord(body.Resources) || Object.keys(body.Resources).length === 0) {
    throw validation('Template format error: At least one Resources member must be defined.');
  }
  return { text, body };
}

/** Checks resources and references of a processed template (after Fn::ForEach expansion). */
export function checkStructure(body: Record<string, unknown>): void {
  const resources = isRecord(body.Resources) ? body.Resources : {};
  for (const [id, r] of Object.entries(resources)) {
    if (!isRecord(r) || typeof r.Type !== 'string') throw validation(`Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`);
  }
  const known = new Set([...Object.keys(resources), ...Object.keys(isRecord(body.Parameters) ? body.Parameters : {})]);
  const missing = new Set<string>();
  const check = (value: unknown) => {
    for (const id of referencedIds(value)) if (!known.has(id) && !id.startsWith('AWS::')) missing.add(id);
  };
  for (const r of Object.values(resources) as Record<string, unknown>[]) {
    check(r.Properties);
    const deps = typeof r.DependsOn === 'string' ? [r.DependsOn] : Array.isArray(r.DependsOn) ? r.DependsOn : [];
    for (const d of deps) if (typeof d === 'string' && !(d in resources)) missing.add(d);
  }
  if (isRecord(body.Outputs)) check(body.Outputs);
  // Fn::Sub variables name local values, not resources: only report names that look like neither.
  for (const id of [...missing]) if (isSubVariable(body, id)) missing.delete(id);
  if (missing.size > 0) {
    throw validation(`Template format error: Unresolved resource dependencies [${[...missing].join(', ')}] in the Resources block of the template`);
  }
}

function isSubVariable(value: unknown, name: string): boolean {
  if (Array.isArray(value)) return value.some((v) => isSubVariable(v, name));
  if (!isRecord(value)) return false;
  const sub = value['Fn::Sub'];
  if (Array.isArray(sub) && isRecord(sub[1]) && name in sub[1]) return true;
  return Object.values(value).some((v) => isSubVariable(v, name));
}
