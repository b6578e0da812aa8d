// AWS's public SSM parameters (`/aws/service/...`), which real templates read through
// `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>` defaults: the latest Amazon Linux, ECS-optimized,
// Windows and Ubuntu images. Every region has the same names; values are stable, made-up AMI ids
// per name x region (AWS's change over time). Users add or override parameters (see SPEC.md).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Parameter } from './backend.js';

/** Name → value for every region, or name → { region: value } (other regions then lack it). */
export type PublicParameterOverrides = Record<string, string | Record<string, string>>;

const AL = '/aws/service/ami-amazon-linux-latest';
const ECS = '/aws/service/ecs/optimized-ami';

/** Image-id parameters: the catalog's names (docs/localcloud.md lists them). */
export const PUBLIC_IMAGE_PARAMETERS: readonly string[] = [
  ...['amzn2-ami-hvm-x86_64-gp2', 'amzn2-ami-hvm-x86_64-ebs', 'amzn2-ami-hvm-arm64-gp2', 'amzn2-ami-kernel-5.10-hvm-x86_64-gp2', 'amzn2-ami-kernel-5.10-hvm-arm64-gp2']
    .concat(['al2023-ami-kernel-6.1-x86_64', 'al2023-ami-kernel-6.1-arm64', 'al2023-ami-kernel-default-x86_64', 'al2023-ami-kernel-default-arm64', 'al2023-ami-minimal-kernel-default-x86_64'])
    .concat(['amzn-ami-hvm-x86_64-gp2'])
    .map((n) => `${AL}/${n}`),
  ...['amazon-linux-2', 'amazon-linux-2/arm64', 'amazon-linux-2/gpu', 'amazon-linux-2023', 'amazon-linux-2023/arm64', 'amazon-linux'].map((n) => `${ECS}/${n}/recommended/image_id`),
  ...['Windows_Server-2019-English-Full-Base', 'Windows_Server-2022-English-Full-Base', 'Windows_Server-2022-English-Full-SQL_2022_Web', 'Windows_Server-2025-English-Full-Base'].map((n) => `/aws/service/ami-windows-latest/${n}`),
  '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id',
  '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
  '/aws/service/canonical/ubuntu/eks-pro/22.04/1.29/stable/current/amd64/hvm/ebs-gp2/ami-id',
  '/aws/service/debian/release/12/latest/amd64',
  '/aws/service/debian/release/10/latest/amd64',
];

/** Regions localcloud serves public parameters in: every commercial region AWS had at the time of writing. */
export const PUBLIC_PARAMETER_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'af-south-1', 'me-south-1', 'me-central-1', 'il-central-1',
  'ap-east-1', 'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1',
  'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
];

/** When the made-up values were "published" (epoch ms): fixed, so runs are reproducible. */
const PUBLISHED = Date.UTC(2026, 0, 1);

const amiFor = (name: string, region: string) => `ami-0${createHash('sha256').update(`${region}|${name}`).digest('hex').slice(0, 16)}`;

function parameter(name: string, value: string): Parameter {
  return { name, tags: [], history: [{ version: 1, value, type: 'String', dataType: 'text', tier: 'Standard', lastModified: PUBLISHED, labels: [] }] };
}

/** The ECS `.../recommended` parameter: a JSON document naming the image of its `image_id` child. */
function ecsRecommended(imageIdName: string, region: string): string {
  const family = imageIdName.slice(ECS.length + 1, -'/recommended/image_id'.length);
  const arch = family.includes('arm64') ? 'arm64' : 'x86_64';
  const os = family.startsWith('amazon-linux-2023') ? 'Amazon Linux 2023' : family.startsWith('amazon-linux-2') ? 'Amazon Linux 2' : 'Amazon Linux';
  const image = amiFor(imageIdName, region);
  return JSON.stringify({ ecs_agent_version: '1.89.2', ecs_runtime_version: 'Docker version 25.0.6', image_id: image, image_name: `${family.replace(/\//g, '-')}-ecs-${arch}-localcloud`, os, schema_version: 1, source_image_name: `${os} ${arch} (localcloud)` });
}

/** The public parameters of every region, plus the user's additions. */
export class PublicParameters {
  private readonly byRegion = new Map<string, Map<string, Parameter>>();

  constructor(private readonly overrides: PublicParameterOverrides = {}) {}

  private catalog(region: string): Map<string, Parameter> {
    let map = this.byRegion.get(region);
    if (map) return map;
    map = new Map();
    if (PUBLIC_PARAMETER_REGIONS.includes(region)) {
      for (const name of PUBLIC_IMAGE_PARAMETERS) {
        map.set(name, parameter(name, amiFor(name, region)));
        if (name.startsWith(ECS)) {
          const doc = name.slice(0, -'/image_id'.length);
          map.set(doc, parameter(doc, ecsRecommended(name, region)));
        }
      }
    }
    for (const [name, value] of Object.entries(this.overrides)) {
      const v = typeof value === 'string' ? value : value[region];
      if (v !== undefined) map.set(name, parameter(name, v));
    }
    this.byRegion.set(region, map);
    return map;
  }

  find(region: string, name: string): Parameter | undefined {
    return this.catalog(region).get(name);
  }

  /** Every public parameter of the region (GetParametersByPath filters them like the user's own). */
  list(region: string): Parameter[] {
    return [...this.catalog(region).values()];
  }
}

/** The file in a data directory that adds public parameters (same shape as the option). */
export const PUBLIC_PARAMETERS_FILE = 'public-parameters.json';

/** Reads and checks a public-parameters file; throws an Error naming the file when it is not the documented shape. */
export function readPublicParameters(file: string): PublicParameterOverrides {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const ok =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')));
  if (!ok) throw new Error(`${file}: expected { "<name>": "<value>" | { "<region>": "<value>" } }`);
  return parsed as PublicParameterOverrides;
}

/** The data directory's file (if any) under the given overrides. */
export function publicParametersOf(dataDir: string | undefined, given: PublicParameterOverrides | undefined): PublicParameterOverrides {
  const file = dataDir ? join(dataDir, PUBLIC_PARAMETERS_FILE) : undefined;
  return { ...(file && existsSync(file) ? readPublicParameters(file) : {}), ...(given ?? {}) };
}
