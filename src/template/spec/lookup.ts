// Questions asked of the spec by path: what does the template hold at Properties.A.B[0].C,
// and does changing it replace the resource?
import type { TemplatePath } from '../source-map.js';
import type { SpecStore } from './store.js';
import type { PropertySpec, Replacement, ResourceTypeSpec, SpecType } from './types.js';

/** What the spec says about one position under a resource's Properties. */
export interface PropertyAt {
  /** The innermost named property on the path (for ['Tags', 0] that is Tags). */
  property: PropertySpec;
  /** The shape expected at exactly that position (for ['Tags', 0] the tag element). */
  type: SpecType;
  /** The strongest replacement behaviour of the named properties along the path. */
  replacement: Replacement;
}

const TAG_PART = (name: 'Key' | 'Value'): PropertySpec => ({
  name,
  type: { kind: 'primitive', primitive: 'string' },
  required: true,
  replacement: 'no',
});

const RANK: Record<Replacement, number> = { no: 0, maybe: 1, yes: 2 };
const stronger = (a: Replacement, b: Replacement): Replacement => (RANK[b] > RANK[a] ? b : a);

/** The named property `key` inside a value of shape `type`, looking through unions. */
function memberOf(spec: ResourceTypeSpec, type: SpecType, key: string): PropertySpec | undefined {
  switch (type.kind) {
    case 'ref':
      return spec.propertyTypes.get(type.name)?.properties.get(key);
    case 'tag':
      return key === 'Key' || key === 'Value' ? TAG_PART(key) : undefined;
    case 'union':
      for (const t of type.types) {
        const found = memberOf(spec, t, key);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The element shape of a list or map (or of the first union member that is one). */
function elementOf(type: SpecType, asList: boolean): SpecType | undefined {
  if (type.kind === 'list' && asList) return type.element;
  if (type.kind === 'map') return type.element;
  if (type.kind === 'union') {
    for (const t of type.types) {
      const found = elementOf(t, asList);
      if (found) return found;
    }
  }
  return undefined;
}

/** Walks a path relative to a resource's Properties; undefined where the spec has no such position. */
export function walkProperties(spec: ResourceTypeSpec, path: TemplatePath): PropertyAt | undefined {
  const [first, ...rest] = path;
  if (typeof first !== 'string') return undefined;
  let property = spec.properties.get(first);
  if (!property) return undefined;
  let type: SpecType = property.type;
  let replacement = property.replacement;
  for (const step of rest) {
    // A string step is a property name inside an object, or a key inside a map.
    const member = typeof step === 'string' ? memberOf(spec, type, step) : undefined;
    if (member) {
      property = member;
      type = member.type;
      replacement = stronger(replacement, member.replacement);
      continue;
    }
    const element = elementOf(type, typeof step === 'number');
    if (!element) return undefined;
    type = element;
  }
  const named = path.filter((s): s is string => typeof s === 'string');
  if (spec.replacementPaths.some((p) => p.length <= named.length && p.every((s, i) => s === named[i]))) replacement = 'yes';
  return { property, type, replacement };
}

/** The helpers bound to one store. */
export function lookupsFor(store: SpecStore) {
  return {
    /** What the spec says at `path` under the Properties of a resource of `type`. */
    propertySpecAt(type: string, path: TemplatePath): PropertyAt | undefined {
      const spec = store.resourceSpec(type);
      return spec ? walkProperties(spec, path) : undefined;
    },
    /**
     * Whether changing `property` (a top-level name, or a path under Properties) replaces the
     * resource; undefined for unknown types or properties.
     */
    replacementOf(type: string, property: string | TemplatePath): Replacement | undefined {
      const spec = store.resourceSpec(type);
      if (!spec) return undefined;
      return walkProperties(spec, typeof property === 'string' ? [property] : property)?.replacement;
    },
  };
}
