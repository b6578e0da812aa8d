// Derives the compact resource spec (generated/spec/) from @aws-cdk/aws-service-spec.
// Loading that database costs ~0.5-2 s and ~185 MB, far too much for every CLI run, so the build
// writes one small JSON file per resource type that src/template/spec/ loads lazily (a template
// names a few dozen types; a file per namespace made a short `meridian validate` parse ~600 KB of
// JSON it mostly did not use, where a file per type is ~240 KB).
// Skips the work when generated/spec/ is newer than both the database and this script.
//
// Output:
//   generated/spec/index.json        { format, source, types: { "AWS::S3::Bucket": "s3.bucket", ... } }
//   generated/spec/<ns>.<type>.json  { namespace, resources: { "AWS::S3::Bucket": ResourceEntry } }
// Types are encoded compactly (decoded by src/template/spec/decode.ts):
//   "string" | "integer" | "number" | "boolean" | "json" | "date-time" | "null" | "tag"
//   "#Name" (a property type of the same resource)
//   { "string": [allowed...] } | { "integer": [allowed...] }
//   { "list": T } | { "map": T } | { "union": [T...] }
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the file layout changes, so the loader can refuse a stale folder. */
const FORMAT = 2;

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'generated', 'spec');
const require = createRequire(join(root, 'package.json'));

function mtimeOf(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function upToDate(dbFile) {
  const index = join(outDir, 'index.json');
  const built = mtimeOf(index);
  return built > 0 && built >= mtimeOf(dbFile) && built >= mtimeOf(fileURLToPath(import.meta.url));
}

function encodeType(type, names) {
  switch (type.type) {
    case 'string':
    case 'integer':
      return type.allowedValues?.length ? { [type.type]: type.allowedValues } : type.type;
    case 'number':
    case 'boolean':
    case 'json':
    case 'date-time':
    case 'null':
    case 'tag':
      return type.type;
    case 'ref': {
      const name = names.get(type.reference.$ref);
      if (name === undefined) throw new Error(`unknown type reference ${type.reference.$ref}`);
      return `#${name}`;
    }
    case 'array':
      return { list: encodeType(type.element, names) };
    case 'map':
      return { map: encodeType(type.element, names) };
    case 'union':
      return { union: type.types.map((t) => encodeType(t, names)) };
    default:
      throw new Error(`unknown property type kind ${JSON.stringify(type)}`);
  }
}

function encodeProperties(properties, names) {
  const out = {};
  for (const [name, p] of Object.entries(properties)) {
    const e = { type: encodeType(p.type, names) };
    if (p.required) e.required = true;
    // 'no' is the database's default; leaving it out keeps the files small.
    if (p.causesReplacement && p.causesReplacement !== 'no') e.replacement = p.causesReplacement;
    if (p.deprecated && p.deprecated !== 'NONE') e.deprecated = p.deprecated;
    if (p.defaultValue !== undefined) e.default = p.defaultValue;
    if (p.previousTypes?.length) {
      // Older shapes CloudFormation still accepts; a reference into a type that no longer
      // exists is dropped rather than invented.
      const prev = [];
      for (const t of p.previousTypes) {
        try {
          prev.push(encodeType(t, names));
        } catch {
          /* see above */
        }
      }
      if (prev.length) e.previousTypes = prev;
    }
    if (p.relationshipRefs?.length) e.references = p.relationshipRefs.map((r) => `${r.cloudFormationType}.${r.propertyName}`);
    if (p.scrutinizable && p.scrutinizable !== 'None') e.scrutiny = p.scrutinizable;
    out[name] = e;
  }
  return out;
}

function encodeResource(db, r) {
  const used = db.follow('usesType', r).map((l) => l.entity);
  const names = new Map(used.map((t) => [t.$id, t.name]));
  const types = {};
  for (const t of [...used].sort((a, b) => a.name.localeCompare(b.name))) {
    types[t.name] = encodeProperties(t.properties, names);
  }
  const attributes = {};
  for (const [name, a] of Object.entries(r.attributes)) attributes[name] = encodeType(a.type, names);
  const e = { properties: encodeProperties(r.properties, names), types, attributes };
  if (r.primaryIdentifier?.length) e.primaryIdentifier = r.primaryIdentifier;
  if (r.cfnRefIdentifier?.length) e.refIdentifier = r.cfnRefIdentifier;
  if (r.tagInformation) e.tagging = { property: r.tagInformation.tagPropertyName, variant: r.tagInformation.variant };
  if (r.arnTemplate) e.arnTemplate = r.arnTemplate;
  if (r.isStateful) e.stateful = true;
  if (r.cloudFormationTransform) e.transform = r.cloudFormationTransform;
  if (r.additionalReplacementProperties?.length) e.replacementPaths = r.additionalReplacementProperties;
  if (r.scrutinizable && r.scrutinizable !== 'None') e.scrutiny = r.scrutinizable;
  return e;
}

/** AWS::S3 -> s3, Alexa::ASK -> alexa-ask. */
function fileKeyOf(namespace) {
  const [vendor, service] = namespace.split('::');
  return (vendor === 'AWS' ? service : `${vendor}-${service}`).toLowerCase();
}

function derive() {
  const started = performance.now();
  const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');
  const version = require('@aws-cdk/aws-service-spec/package.json').version;
  const db = loadAwsServiceSpecSync();
  const files = new Map();
  const index = {};
  const resources = [...db.all('resource')].sort((a, b) => a.cloudFormationType.localeCompare(b.cloudFormationType));
  for (const r of resources) {
    const type = r.cloudFormationType;
    const namespace = type.split('::').slice(0, 2).join('::');
    // Lower case: two types differing only in case must not share a file on macOS or Windows.
    const key = `${fileKeyOf(namespace)}.${type.split('::')[2].toLowerCase()}`;
    const clash = files.get(key);
    if (clash) throw new Error(`file name clash: ${type} and ${Object.keys(clash.resources)[0]} -> ${key}.json`);
    files.set(key, { namespace, resources: { [type]: encodeResource(db, r) } });
    index[type] = key;
  }
  // Write beside the target, then swap, so a reader never sees half a folder.
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [key, file] of files) writeFileSync(join(tmp, `${key}.json`), JSON.stringify(file));
  const source = { package: '@aws-cdk/aws-service-spec', version };
  writeFileSync(join(tmp, 'index.json'), JSON.stringify({ format: FORMAT, source, types: index }));
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`derive-spec: ${resources.length} resource types in ${files.size} files -> generated/spec (${ms} ms)\n`);
}

const dbFile = join(root, 'node_modules', '@aws-cdk', 'aws-service-spec', 'db.json.gz');
if (!existsSync(dbFile)) {
  // Installs without devDependencies (npm ci --omit=dev) keep a folder built earlier, if any.
  process.stderr.write('derive-spec: @aws-cdk/aws-service-spec is not installed; generated/spec left as is\n');
} else if (process.argv.includes('--force') || !upToDate(dbFile)) {
  derive();
}
