// Turns the compact files written by scripts/derive-spec.mjs into typed specs.
import type { PrimitiveName, PropertySpec, PropertyTypeSpec, ResourceTypeSpec, SpecType } from './types.js';

type Encoded = string | { [kind: string]: unknown };

export interface EncodedProperty {
  type: Encoded;
  required?: boolean;
  replacement?: 'yes' | 'maybe';
  deprecated?: 'WARN' | 'IGNORE';
  default?: string;
  previousTypes?: Encoded[];
  references?: string[];
  scrutiny?: string;
}

export interface EncodedResource {
  properties: Record<string, EncodedProperty>;
  types: Record<string, Record<string, EncodedProperty>>;
  attributes: Record<string, Encoded>;
  primaryIdentifier?: string[];
  refIdentifier?: string[];
  tagging?: { property: string; variant: 'standard' | 'asg' | 'map' };
  arnTemplate?: string;
  stateful?: boolean;
  transform?: string;
  replacementPaths?: string[][];
  scrutiny?: string;
}

const PRIMITIVES: readonly string[] = ['string', 'integer', 'number', 'boolean', 'date-time', 'null'];
// Plain shapes are shared: thousands of properties are just "string".
const SHARED = new Map<string, SpecType>([
  ...PRIMITIVES.map((p): [string, SpecType] => [p, { kind: 'primitive', primitive: p as PrimitiveName }]),
  ['json', { kind: 'json' }],
  ['tag', { kind: 'tag' }],
]);

/** Decodes one compact type (see the format notes in scripts/derive-spec.mjs). */
export function decodeType(e: Encoded): SpecType {
  if (typeof e === 'string') {
    if (e.startsWith('#')) return { kind: 'ref', name: e.slice(1) };
    const shared = SHARED.get(e);
    if (shared) return shared;
    throw new Error(`unknown spec type ${e}`);
  }
  const [kind, inner] = Object.entries(e)[0] ?? [];
  switch (kind) {
    case 'list':
      return { kind: 'list', element: decodeType(inner as Encoded) };
    case 'map':
      return { kind: 'map', element: decodeType(inner as Encoded) };
    case 'union':
      return { kind: 'union', types: (inner as Encoded[]).map(decodeType) };
    case 'string':
    case 'integer':
      return { kind: 'primitive', primitive: kind, allowedValues: inner as (string | number)[] };
    default:
      throw new Error(`unknown spec type ${JSON.stringify(e)}`);
  }
}

function decodeProperties(props: Record<string, EncodedProperty>): Map<string, PropertySpec> {
  const out = new Map<string, PropertySpec>();
  for (const [name, p] of Object.entries(props)) {
    const spec: PropertySpec = { name, type: decodeType(p.type), required: p.required === true, replacement: p.replacement ?? 'no' };
    if (p.deprecated) spec.deprecated = p.deprecated;
    if (p.default !== undefined) spec.default = p.default;
    if (p.previousTypes) spec.previousTypes = p.previousTypes.map(decodeType);
    if (p.references) spec.references = p.references;
    if (p.scrutiny) spec.scrutiny = p.scrutiny;
    out.set(name, spec);
  }
  return out;
}

/** Decodes one resource type's entry. */
export function decodeResource(type: string, e: EncodedResource): ResourceTypeSpec {
  const properties = decodeProperties(e.properties);
  const propertyTypes = new LazyPropertyTypes(e.types);
  const spec: ResourceTypeSpec = {
    type,
    namespace: type.split('::').slice(0, 2).join('::'),
    properties,
    requiredProperties: [...properties.values()].filter((p) => p.required).map((p) => p.name),
    propertyTypes,
    attributes: new Map(Object.entries(e.attributes).map(([name, t]) => [name, decodeType(t)])),
    primaryIdentifier: e.primaryIdentifier ?? [],
    stateful: e.stateful === true,
    replacementPaths: e.replacementPaths ?? [],
  };
  if (e.refIdentifier) spec.refIdentifier = e.refIdentifier;
  if (e.tagging) spec.tagging = e.tagging;
  if (e.arnTemplate) spec.arnTemplate = e.arnTemplate;
  if (e.transform) spec.transform = e.transform;
  if (e.scrutiny) spec.scrutiny = e.scrutiny;
  return spec;
}

/**
 * A resource's property types, each decoded on first use. A template touches a few of a type's
 * property types (AWS::EC2::Instance has dozens); decoding all of them for every type a template
 * names was most of the spec's load time in a short `meridian validate` run.
 */
class LazyPropertyTypes implements ReadonlyMap<string, PropertyTypeSpec> {
  private readonly decoded = new Map<string, PropertyTypeSpec>();

  constructor(private readonly encoded: Record<string, Record<string, EncodedProperty>>) {}

  get size(): number {
    return Object.keys(this.encoded).length;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.encoded, name);
  }

  get(name: string): PropertyTypeSpec | undefined {
    let spec = this.decoded.get(name);
    if (spec === undefined && Object.hasOwn(this.encoded, name)) {
      spec = { name, properties: decodeProperties(this.encoded[name] as Record<string, EncodedProperty>) };
      this.decoded.set(name, spec);
    }
    return spec;
  }

  *entries(): MapIterator<[string, PropertyTypeSpec]> {
    for (const name of Object.keys(this.encoded)) yield [name, this.get(name) as PropertyTypeSpec];
  }

  *keys(): MapIterator<string> {
    yield* Object.keys(this.encoded);
  }

  *values(): MapIterator<PropertyTypeSpec> {
    for (const [, spec] of this.entries()) yield spec;
  }

  [Symbol.iterator](): MapIterator<[string, PropertyTypeSpec]> {
    return this.entries();
  }

  forEach(callback: (value: PropertyTypeSpec, key: string, map: ReadonlyMap<string, PropertyTypeSpec>) => void, thisArg?: unknown): void {
    for (const [name, spec] of this.entries()) callback.call(thisArg, spec, name, this);
  }
}
