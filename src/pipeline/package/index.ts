// Public surface of src/pipeline/package: `aws cloudformation package` per region.
export { packageTemplate, createPackageCache, PackageCache } from './package-template.js';
export type { PackageOptions, PackagedAsset, PackagedTemplate } from './package-template.js';
export { packageForRegion } from './package-region.js';
export type { RegionPackage, RegionPackageOptions } from './package-region.js';
export { PackageError } from './package-error.js';
export type { PackageErrorCode, PackageLocation } from './package-error.js';
export { ASSET_RULES, findAssetReferences, isLocalPath } from './asset-rules.js';
export type { AssetReference, AssetRule } from './asset-rules.js';
export { writeZip } from './zip.js';
export type { ZipEntry } from './zip.js';
