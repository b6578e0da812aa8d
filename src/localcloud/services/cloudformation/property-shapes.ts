// The part of CloudFormation's schema validation that catches a value of the wrong shape: an
// object or a list where the schema wants a string (Code.ZipFile, TemplateBody), a scalar where it
// wants an object or a list. Worded as the resource handlers' JSON-schema validation words it.
// Numbers and booleans where a string is wanted are accepted, as CloudFormation converts them.
import type { ResourceTypeSpec, SpecType } from '../../../template/index.js';
import { isRecord } from '../../../template/index.js';

type Found = 'JSONObject' | 'JSONArray' | 'String' | 'Integer' | 'Number' | 'Boolean';

function found(value: unknown): Found | undefined {
  if (Array.isArray(value)) return 'JSONArray';
  if (isRecord(value)) return 'JSONObject';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Number';
  return undefined;
}

/** A value still holding an intrinsic (not yet known) is not judged. */
const isIntrinsic = (v: unknown) => isRecord(v) && Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0] as string);

function mismatch(spec: ResourceTypeSpec, type: SpecType, value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || isIntrinsic(value)) return undefined;
  const got = found(value);
  switch (type.kind) {
    case 'json':
      return undefined;
    case 'primitive':
      if (type.primitive === 'string' || type.primitive === 'date-time') return got === 'JSONObject' || got === 'JSONArray' ? `${path}: expected type: String, found: ${got}` : undefined;
      if (type.primitive === 'integer' || type.primitive === 'number' || type.primitive === 'boolean') {
        return got === 'JSONObject' || got === 'JSONArray' ? `${path}: expected type: ${type.primitive === 'boolean' ? 'Boolean' : 'Number'}, found: ${got}` : undefined;
      }
      return undefined;
    case 'list':
      if (got !== 'JSONArray') return `${path}: expected type: JSONArray, found: ${got}`;
      return (value as unknown[]).map((v, i) => mismatch(spec, type.element, v, `${path}/${i}`)).find((m) => m !== undefined);
    case 'map':
      if (got !== 'JSONObject') return `${path}: expected type: JSONObject, found: ${got}`;
      return Object.entries(value as Record<string, unknown>).map(([k, v]) => mismatch(spec, type.element, v, `${path}/${k}`)).find((m) => m !== undefined);
    case 'tag':
      return got === 'JSONObject' ? undefined : `${path}: expected type: JSONObject, found: ${got}`;
    case 'ref': {
      const shape = spec.propertyTypes.get(type.name);
      if (!shape) return undefined;
      if (got !== 'JSONObject') return `${path}: expected type: JSONObject, found: ${got}`;
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        const member = shape.properties.get(name);
        const m = member ? firstOf(spec, [member.type, ...(member.previousTypes ?? [])], v, `${path}/${name}`) : undefined;
        if (m) return m;
      }
      return undefined;
    }
    case 'union':
      return firstOf(spec, type.types, value, path);
  }
}

/** A value fitting any of `types` is fine; otherwise the first type's complaint. */
function firstOf(spec: ResourceTypeSpec, types: readonly SpecType[], value: unknown, path: string): string | undefined {
  const complaints = types.map((t) => mismatch(spec, t, value, path));
  return complaints.some((c) => c === undefined) ? undefined : complaints[0];
}

/** The first property of `props` whose shape the spec refuses, as `#/Code/ZipFile: expected type: String, found: JSONObject`. */
export function propertyShapeError(spec: ResourceTypeSpec, props: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(props)) {
    const property = spec.properties.get(name);
    if (!property) continue;
    const m = firstOf(spec, [property.type, ...(property.previousTypes ?? [])], value, `#/${name}`);
    if (m) return m;
  }
  return undefined;
}
