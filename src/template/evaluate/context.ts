// What the evaluator knows about the stack being deployed: account, region, parameter values,
// and callbacks for values only a deployment knows (resource attributes, exports).

/** Inputs for evaluating intrinsic functions and conditions. */
export interface EvaluationContext {
  region: string;
  accountId: string;
  stackName: string;
  stackId: string;
  /** Default: derived from the region (aws, aws-cn, aws-us-gov, aws-iso...). */
  partition?: string;
  /** Default: derived from the partition (amazonaws.com, amazonaws.com.cn...). */
  urlSuffix?: string;
  notificationArns?: string[];
  /** Parameter values, already resolved (see resolveParameters): strings, or lists of strings. */
  parameters: Record<string, string | string[]>;
  /**
   * Value of a resource: its Ref when `attribute` is undefined, else Fn::GetAtt.
   * Return undefined when the value is not known yet; the intrinsic then stays as written.
   */
  resolveResource?(logicalId: string, attribute?: string): unknown;
  /** Value of an export (Fn::ImportValue); undefined = not known yet. */
  resolveImport?(exportName: string): string | undefined;
  /** Availability zones of a region (Fn::GetAZs). Default: region + a, b, c. */
  availabilityZones?(region: string): string[];
}

interface PartitionInfo {
  name: string;
  urlSuffix: string;
}

// Region prefixes of the non-commercial partitions; the longest prefix wins.
const PARTITIONS: readonly [prefix: string, info: PartitionInfo][] = [
  ['cn-', { name: 'aws-cn', urlSuffix: 'amazonaws.com.cn' }],
  ['us-gov-', { name: 'aws-us-gov', urlSuffix: 'amazonaws.com' }],
  ['us-isob-', { name: 'aws-iso-b', urlSuffix: 'sc2s.sgov.gov' }],
  ['us-isof-', { name: 'aws-iso-f', urlSuffix: 'csp.hci.ic.gov' }],
  ['eu-isoe-', { name: 'aws-iso-e', urlSuffix: 'cloud.adc-e.uk' }],
  ['us-iso-', { name: 'aws-iso', urlSuffix: 'c2s.ic.gov' }],
];
const COMMERCIAL: PartitionInfo = { name: 'aws', urlSuffix: 'amazonaws.com' };

function partitionInfo(region: string): PartitionInfo {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? COMMERCIAL;
}

/** The AWS partition a region belongs to (AWS::Partition). */
export function partitionOf(region: string): string {
  return partitionInfo(region).name;
}

/** The domain suffix of a region's endpoints (AWS::URLSuffix). */
export function urlSuffixOf(region: string): string {
  return partitionInfo(region).urlSuffix;
}

function suffixOfPartition(partition: string | undefined): string | undefined {
  if (partition === undefined) return undefined;
  return partition === COMMERCIAL.name ? COMMERCIAL.urlSuffix : PARTITIONS.find(([, info]) => info.name === partition)?.[1].urlSuffix;
}

/** Availability zones the evaluator uses when the context gives none: region + a, b, c. */
export function defaultAvailabilityZones(region: string): string[] {
  return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
}

/** Marker for AWS::NoValue: removed from the map or list that holds it. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type NoValue = typeof NO_VALUE;

/** The value of a pseudo parameter, or undefined if `name` is not one. */
export function pseudoParameter(name: string, ctx: EvaluationContext): unknown {
  switch (name) {
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return ctx.stackId;
    case 'AWS::Partition':
      return ctx.partition ?? partitionOf(ctx.region);
    case 'AWS::URLSuffix':
      return ctx.urlSuffix ?? suffixOfPartition(ctx.partition) ?? urlSuffixOf(ctx.region);
    case 'AWS::NotificationARNs':
      return [...(ctx.notificationArns ?? [])];
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}
