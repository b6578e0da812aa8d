// The AWS regions Meridian knows, by partition. A region name that matches the pattern but is not a
// region (us-east-9, mars-1) would otherwise fail much later, as a DNS error in the middle of a run.
// AWS opens regions every year: `allowUnknownRegions: true` in meridian.yaml lets a newer one through.
import { closest } from './suggest.js';

export const PARTITIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
    'af-south-1',
    'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
    'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
    'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
    'ca-central-1', 'ca-west-1',
    'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
    'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-south-1', 'us-isof-east-1'],
  'aws-eusc': ['eusc-de-east-1'],
};

const ALL = Object.values(PARTITIONS).flat();

/** The partition a known region belongs to, or undefined. */
export function partitionOf(region: string): string | undefined {
  return Object.entries(PARTITIONS).find(([, list]) => list.includes(region))?.[0];
}

/**
 * Why `region` cannot be used in a pipeline whose primary region is `primary`, or undefined when it can.
 * One pipeline stays in one partition: credentials and endpoints differ between them.
 */
export function regionProblem(region: string, primary: string): string | undefined {
  const partition = partitionOf(region);
  if (!partition) {
    const near = closest(region, ALL);
    return `'${region}' is not an AWS region${near ? ` (did you mean '${near}'?)` : ''}; for a region newer than Meridian, set allowUnknownRegions: true`;
  }
  const home = partitionOf(primary);
  if (home && home !== partition) return `${region} is in the ${partition} partition, but the primary region ${primary} is in ${home}; one pipeline deploys to one partition`;
  return undefined;
}

/** Names in `regions` that are not AWS regions, each with the reason (for --regions flags). */
export function unknownRegions(regions: readonly string[]): string[] {
  return regions.filter((r) => !partitionOf(r)).map((r) => regionProblem(r, r) ?? r);
}
