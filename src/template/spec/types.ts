// The resource spec as the rest of Meridian sees it: derived at build time from
// @aws-cdk/aws-service-spec (scripts/derive-spec.mjs) and decoded per type on first use.

/** Whether changing a property replaces the resource (CloudFormation's "Replacement"). */
export type Replacement = 'yes' | 'no' | 'maybe';

export type PrimitiveName = 'string' | 'integer' | 'number' | 'boolean' | 'date-time' | 'null';

/** The shape a property value must have. */
export type SpecType =
  | { kind: 'primitive'; primitive: PrimitiveName; allowedValues?: readonly (string | number)[] }
  /** Any JSON value (policy documents and the like). */
  | { kind: 'json' }
  /** CloudFormation's built-in tag: { Key: string, Value: string }. */
  | { kind: 'tag' }
  | { kind: 'list'; element: SpecType }
  | { kind: 'map'; element: SpecType }
  /** A property type of the same resource type, by name (see ResourceTypeSpec.propertyTypes). */
  | { kind: 'ref'; name: string }
  /** Any one of several shapes. */
  | { kind: 'union'; types: readonly SpecType[] };

export interface PropertySpec {
  name: string;
  type: SpecType;
  required: boolean;
  replacement: Replacement;
  /** The database's deprecation level: WARN (still accepted, flagged) or IGNORE. */
  deprecated?: 'WARN' | 'IGNORE';
  /** Default value as documented, when the database has one. */
  default?: string;
  /** Shapes older versions of the type accepted, still valid in templates. */
  previousTypes?: readonly SpecType[];
  /** Resource attributes this property usually holds, as "AWS::EC2::VPC.VpcId". */
  references?: readonly string[];
  /** Security relevance (e.g. InlineResourcePolicy, IngressRules) for security rules. */
  scrutiny?: string;
}

export interface PropertyTypeSpec {
  name: string;
  properties: ReadonlyMap<string, PropertySpec>;
}

export interface ResourceTypeSpec {
  /** e.g. AWS::S3::Bucket */
  type: string;
  /** e.g. AWS::S3 */
  namespace: string;
  properties: ReadonlyMap<string, PropertySpec>;
  /** Names of required top-level properties, in spec order. */
  requiredProperties: readonly string[];
  propertyTypes: ReadonlyMap<string, PropertyTypeSpec>;
  /** Fn::GetAtt names (some contain dots, e.g. Endpoint.Address) and their types. */
  attributes: ReadonlyMap<string, SpecType>;
  /** Cloud Control primary identifier (property names). */
  primaryIdentifier: readonly string[];
  /** What Ref returns, when it differs from the primary identifier. */
  refIdentifier?: readonly string[];
  /** Present when the type takes tags, and in which property/shape. */
  tagging?: { property: string; variant: 'standard' | 'asg' | 'map' };
  arnTemplate?: string;
  /** Holds data (deleting or replacing it loses data). */
  stateful: boolean;
  /** The transform the type needs, e.g. AWS::Serverless-2016-10-31. */
  transform?: string;
  /** Nested property paths that also cause replacement when changed. */
  replacementPaths: readonly (readonly string[])[];
  /** Security relevance of the whole resource (e.g. ResourcePolicyResource). */
  scrutiny?: string;
}

/** Raised when the generated spec is missing or unreadable (a build problem, not a user one). */
export class SpecError extends Error {
  readonly source = 'system' as const;
  constructor(
    readonly code: 'SPEC_MISSING' | 'SPEC_STALE' | 'SPEC_CORRUPT',
    message: string,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}
