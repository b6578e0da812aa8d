// Which properties give a resource its physical name, and in which namespace that name must be
// unique, read from the resource spec (generated/spec, from @aws-cdk/aws-service-spec) rather than
// a hand list: the primary identifier where the template sets it, else a name-like property; the
// namespace from the type's ARN template (no region in the ARN: one name across regions; no
// account either: one name across every account).
import { resourceSpec, type PropertySpec, type ResourceTypeSpec } from '../../template/index.js';

/**
 * global: every account and region (S3 buckets, Route 53 hosted zones); account: one account across
 * its regions (IAM, CloudFront); regional: one account in one region (everything else).
 */
export type NameScope = 'global' | 'account' | 'regional';

export interface Naming {
  /** Properties whose values together are the name (with the parents that scope it). */
  parts: readonly string[];
  /** The part that is the name itself (where findings point). */
  name: string;
  scope: NameScope;
  /** IAM names are unique regardless of case ("MyRole" and "myrole" clash). */
  caseInsensitive: boolean;
}

const cache = new Map<string, Naming | null>();

const isString = (p: PropertySpec | undefined): p is PropertySpec => p !== undefined && p.type.kind === 'primitive' && p.type.primitive === 'string';
/** A name the user picks and cannot change in place: setting it is what makes a resource "named". */
const settableName = (p: PropertySpec | undefined): p is PropertySpec => isString(p) && p.replacement === 'yes';

/** Services with one endpoint for every region; their types without an ARN template are still not regional. */
const GLOBAL_SERVICES = new Set(['AWS::IAM', 'AWS::CloudFront', 'AWS::Route53']);

function scopeOf(spec: ResourceTypeSpec): NameScope {
  const arn = spec.arnTemplate;
  if (!arn) return GLOBAL_SERVICES.has(spec.namespace) ? 'account' : 'regional';
  // arn:${Partition}:service:region:account:resource
  const [, , , region, account] = arn.split(':');
  if (region !== '') return 'regional';
  return account === '' ? 'global' : 'account';
}

/** Variables of the ARN template that name the resource (`${QueueName}` in an SQS queue's ARN). */
function arnVariables(spec: ResourceTypeSpec): Set<string> {
  const resource = (spec.arnTemplate ?? '').split(':').slice(5).join(':');
  return new Set([...resource.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] as string));
}

function derive(type: string): Naming | null {
  const spec = resourceSpec(type);
  if (!spec) return null;
  const scope = scopeOf(spec);
  const caseInsensitive = spec.namespace === 'AWS::IAM';
  const identifier = spec.primaryIdentifier;
  // The primary identifier, when the template writes every part of it (BucketName, RoleName, SSM Name).
  if (identifier.length > 0 && identifier.every((p) => settableName(spec.properties.get(p)))) {
    // Of a composite identifier, the part that refers to no other resource is the name (PolicyName of [PolicyName, RoleName]).
    const own = identifier.find((p) => (spec.properties.get(p)?.references?.length ?? 0) === 0) ?? (identifier[identifier.length - 1] as string);
    return { parts: identifier, name: own, scope, caseInsensitive };
  }
  // Otherwise an identifier the service generates (QueueUrl, TopicArn): the name is a property named
  // like the type (QueueName, TopicName), `Name`, or a variable of the ARN; the identifier parts the
  // template does set (an ECS service's Cluster) scope it.
  const typeName = type.split('::')[2] ?? '';
  const vars = arnVariables(spec);
  const name = [...spec.properties.values()].find((p) => settableName(p) && (p.name === 'Name' || p.name === `${typeName}Name` || vars.has(p.name)));
  if (!name) return null;
  const scoping = identifier.filter((p) => p !== name.name && settableName(spec.properties.get(p)));
  // A parent referenced by property (an event rule's EventBusName) scopes the name too.
  const parents = [...spec.properties.values()].filter((p) => p !== name && settableName(p) && (p.references?.length ?? 0) > 0 && p.name.endsWith('Name') && !scoping.includes(p.name)).map((p) => p.name);
  return { parts: [...scoping, ...parents, name.name], name: name.name, scope, caseInsensitive };
}

/** How resources of `type` are named, or undefined when the type has no name a template sets. */
export function namingOf(type: string): Naming | undefined {
  let n = cache.get(type);
  if (n === undefined) cache.set(type, (n = derive(type)));
  return n ?? undefined;
}

/**
 * The namespace of one resource's name. An S3 bucket created with `BucketNamespace:
 * account-regional` lives in its account and region, not in the global namespace.
 */
export function scopeFor(type: string, properties: Record<string, unknown>, naming: Naming): NameScope {
  if (type === 'AWS::S3::Bucket' && properties.BucketNamespace === 'account-regional') return 'regional';
  return naming.scope;
}
