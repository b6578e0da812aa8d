// What the service needs from the resource spec: replacement behaviour, attribute names, and
// whether a type exists. Behind this small interface so tests can pass a fixed table.
import { replacementOf, resourceSpec, SpecError } from '../../../template/index.js';
import { propertyShapeError } from './property-shapes.js';
import { resourceKind } from './resource-types.js';

export type RequiresRecreation = 'Never' | 'Conditionally' | 'Always';

export interface SpecPort {
  requiresRecreation(type: string, property: string): RequiresRecreation;
  attributeNames(type: string): string[];
  /** Attributes whose values are lists; undefined when unknown to this port. */
  listAttributes?(type: string): readonly string[];
  /** False for a type CloudFormation would not recognise; undefined when unknown to this port. */
  knowsType(type: string): boolean | undefined;
  /** True if stack-level tags propagate to resources of the type. */
  taggable(type: string): boolean;
  /** Top-level properties a resource of the type must have. */
  requiredProperties(type: string): readonly string[];
  /** The first property whose value has the wrong shape for the schema; undefined when fine or unknown. */
  shapeError?(type: string, props: Record<string, unknown>): string | undefined;
}

/** The built-in table: the naming properties of the types localcloud provisions itself. */
export const builtInSpec: SpecPort = {
  requiresRecreation(type, property) {
    return resourceKind(type, () => []).replaceOn.includes(property) ? 'Always' : 'Never';
  },
  attributeNames: () => [],
  knowsType: () => undefined,
  requiredProperties: () => [],
  taggable: (type) => ['AWS::S3::Bucket', 'AWS::SSM::Parameter', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::KMS::Key'].includes(type),
};

const RECREATION = { yes: 'Always', maybe: 'Conditionally', no: 'Never' } as const;

/** Runs a spec lookup; a missing or broken generated spec falls back to the built-in table. */
function orFallback<T>(lookup: () => T, fallback: () => T): T {
  try {
    return lookup();
  } catch (err) {
    if (err instanceof SpecError) return fallback();
    throw err;
  }
}

/** The template module's resource spec (generated from @aws-cdk/aws-service-spec). */
export const templateSpec: SpecPort = {
  requiresRecreation(type, property) {
    return orFallback(
      () => {
        const r = replacementOf(type, property);
        return r ? RECREATION[r] : builtInSpec.requiresRecreation(type, property);
      },
      () => builtInSpec.requiresRecreation(type, property),
    );
  },
  attributeNames(type) {
    return orFallback(() => [...(resourceSpec(type)?.attributes.keys() ?? [])], () => []);
  },
  listAttributes(type) {
    return orFallback(() => [...(resourceSpec(type)?.attributes ?? new Map())].filter(([, t]) => t.kind === 'list').map(([name]) => name), () => []);
  },
  requiredProperties(type) {
    return orFallback(() => resourceSpec(type)?.requiredProperties ?? [], () => []);
  },
  shapeError(type, props) {
    return orFallback(
      () => {
        const spec = resourceSpec(type);
        return spec ? propertyShapeError(spec, props) : undefined;
      },
      () => undefined,
    );
  },
  taggable(type) {
    return orFallback(
      () => {
        const spec = resourceSpec(type);
        return spec ? spec.tagging !== undefined : builtInSpec.taggable(type);
      },
      () => builtInSpec.taggable(type),
    );
  },
  knowsType(type) {
    if (type.startsWith('Custom::') || type.startsWith('AWS::CloudFormation::')) return true;
    return orFallback(() => resourceSpec(type) !== undefined, () => undefined);
  },
};
