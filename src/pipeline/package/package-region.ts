// The Package stage for one region: make sure the region's artifact bucket exists (versioned,
// encrypted), then package every stack's template into it.
import { ensureArtifactBucket, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import { createPackageCache, packageTemplate, type PackageCache, type PackagedAsset, type PackagedTemplate } from './package-template.js';

export interface RegionPackageOptions {
  /** The checked-out tree of the commit. */
  rootDir: string;
  /** Pipeline name: the first part of every key (`<pipeline>/<stack>/<sha256><ext>`). */
  pipeline: string;
  /** The region's artifact bucket (see artifactBucketName in src/cloud). */
  bucket: string;
  /** Stacks in the order to package them; `template` is relative to rootDir. */
  stacks: readonly { name: string; template: string }[];
  endpoint?: string;
  /** SSE-KMS key for a bucket this call creates; default SSE-S3 (AES256). */
  kmsKeyId?: string;
  onAsset?: (stack: string, asset: PackagedAsset) => void;
  /** Pass one cache to every region's call for the same tree: folders are zipped once. */
  cache?: PackageCache;
}

/** Every stack's packaged template for one region. */
export interface RegionPackage {
  region: string;
  bucket: string;
  /** Whether this call created the bucket. */
  bucketCreated: boolean;
  /** By stack name. */
  stacks: Record<string, PackagedTemplate>;
  /** Objects this call uploaded (templates and assets); 0 when nothing changed since the last run. */
  uploads: number;
}

/** Ensures the region's artifact bucket, then packages each stack's template for that region. */
export async function packageForRegion(deps: CloudDeps, target: CloudTarget, options: RegionPackageOptions): Promise<RegionPackage> {
  const { created } = await ensureArtifactBucket(deps, target, options.bucket, options.kmsKeyId);
  const stacks: Record<string, PackagedTemplate> = {};
  // Stacks sharing a folder zip it once even when the caller keeps no cache.
  const cache = options.cache ?? createPackageCache();
  let uploads = 0;
  for (const stack of options.stacks) {
    const packaged = await packageTemplate(deps, target, {
      rootDir: options.rootDir,
      templatePath: stack.template,
      bucket: options.bucket,
      prefix: `${options.pipeline}/${stack.name}`,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      cache,
      ...(options.onAsset ? { onAsset: (asset: PackagedAsset) => options.onAsset?.(stack.name, asset) } : {}),
    });
    stacks[stack.name] = packaged;
    uploads += packaged.assets.filter((a) => a.uploaded).length + (packaged.uploaded ? 1 : 0);
  }
  return { region: target.region, bucket: options.bucket, bucketCreated: created, stacks, uploads };
}
