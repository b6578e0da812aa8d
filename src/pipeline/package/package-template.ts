// `aws cloudformation package` for one template in one region: upload the local assets it names
// (nested templates packaged first, recursively), rewrite the references, upload the result.
import { readFile } from 'node:fs/promises';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import { putArtifact, sha256, type CloudDeps, type CloudTarget, type StoredArtifact } from '../../cloud/index.js';
import { formatDiagnostic, parseTemplate, TEMPLATE_LIMITS, type ParsedTemplate } from '../../template/index.js';
import { assetContent, resolveLocalPath, ZipLimitError, type AssetContent } from './asset-content.js';
import { findAssetReferences, rewrittenValue, type AssetReference } from './asset-rules.js';
import { PackageError } from './package-error.js';
import { applyEdits, type TemplateEdit } from './rewrite-text.js';

export interface PackageOptions {
  /** The checked-out tree; no file outside it is read. */
  rootDir: string;
  /** The template, relative to rootDir. */
  templatePath: string;
  bucket: string;
  /** Key prefix, e.g. `<pipeline>/<stack>`. */
  prefix: string;
  /** S3 endpoint for the URLs written into templates when not on real AWS (localcloud, LocalStack). */
  endpoint?: string;
  /** Told about every asset as it is uploaded or found already there. */
  onAsset?: (asset: PackagedAsset) => void;
  /** Shares zipped folders between calls on the same (unchanging) tree, e.g. across regions. */
  cache?: PackageCache;
}

/** Asset bytes by path, for packaging one checked-out tree several times (regions) without zipping again. */
export class PackageCache {
  readonly contents = new Map<string, Promise<AssetContent | undefined>>();
}

/** A cache for one checked-out tree; do not reuse it once files in the tree change. */
export function createPackageCache(): PackageCache {
  return new PackageCache();
}

/** One local file or folder uploaded for a template. */
export interface PackagedAsset {
  /** The template that references it, relative to rootDir. */
  template: string;
  logicalId: string;
  property: string;
  /** The file or folder, relative to rootDir. */
  localPath: string;
  bucket: string;
  key: string;
  versionId?: string;
  sha256: string;
  uploaded: boolean;
  zipped: boolean;
}

/** A template ready to deploy from one region's artifact bucket. */
export interface PackagedTemplate {
  templatePath: string;
  format: 'yaml' | 'json';
  /** The rewritten template, in the source's format. */
  templateBody: string;
  sha256: string;
  bytes: number;
  /** TemplateURL of the uploaded rewritten template. */
  url: string;
  /** Over CloudFormation's 51,200-byte TemplateBody limit: deploy with TemplateURL. */
  useUrl: boolean;
  bucket: string;
  key: string;
  versionId?: string;
  uploaded: boolean;
  /** Every asset, nested templates' own assets included. */
  assets: PackagedAsset[];
}

interface Context {
  deps: CloudDeps;
  target: CloudTarget;
  options: PackageOptions;
  root: string;
  /** Uploads of this call by key, so an asset named twice is sent (and checked) once. */
  uploads: Map<string, Promise<StoredArtifact>>;
}

const posix = (p: string) => p.split(sep).join('/');

function upload(ctx: Context, content: Buffer, suffix: string): Promise<StoredArtifact> {
  const { bucket, prefix, endpoint } = ctx.options;
  const id = `${sha256(content)}${suffix}`;
  let pending = ctx.uploads.get(id);
  if (!pending) {
    pending = putArtifact(ctx.deps, ctx.target, { bucket, prefix, suffix, content, ...(endpoint ? { endpoint } : {}) });
    ctx.uploads.set(id, pending);
    return pending;
  }
  // Named again in the same call: the first upload did the work.
  return pending.then((a) => ({ ...a, uploaded: false }));
}

function cachedContent(ctx: Context, resolved: Parameters<typeof assetContent>[1], ref: AssetReference): Promise<AssetContent | undefined> {
  const cache = ctx.options.cache?.contents;
  const id = `${resolved.absolute}\0${ref.rule.forceZip}\0${ref.rule.allowFolder}`;
  const hit = cache?.get(id);
  if (hit) return hit;
  const made = assetContent(ctx.root, resolved, ref.rule);
  cache?.set(id, made);
  return made;
}

async function readTemplate(ctx: Context, relPath: string, from?: { file: string; ref: AssetReference; template: ParsedTemplate }): Promise<ParsedTemplate> {
  const file = resolve(ctx.root, relPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const location = from ? { file: from.file, range: from.template.sourceMap.locate(from.ref.path) } : undefined;
    throw new PackageError('PACKAGE_TEMPLATE_NOT_FOUND', `template ${relPath} cannot be read`, location, err);
  }
  const parsed = parseTemplate(text, relPath);
  if (!parsed.ok) {
    throw new PackageError('PACKAGE_TEMPLATE_INVALID', `template ${relPath} is not valid:\n${parsed.diagnostics.map(formatDiagnostic).join('\n')}`, {
      file: relPath,
      range: parsed.diagnostics[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    });
  }
  return parsed.template;
}

interface Packaged {
  text: string;
  format: 'yaml' | 'json';
  assets: PackagedAsset[];
}

/** Uploads one reference's file or folder (a nested template packaged first); returns its edit. */
async function packageReference(ctx: Context, template: ParsedTemplate, ref: AssetReference, chain: string[]): Promise<{ edit: TemplateEdit; assets: PackagedAsset[] }> {
  const location = { file: template.file, range: template.sourceMap.locate(ref.path) };
  const baseDir = dirname(resolve(ctx.root, template.file));
  const resolved = await resolveLocalPath(ctx.root, baseDir, ref.localPath);
  const what = `${ref.logicalId ? `${ref.logicalId}.` : ''}${ref.property}`;
  if (resolved.kind === 'missing') throw new PackageError('PACKAGE_ASSET_NOT_FOUND', `${what}: ${ref.localPath} does not exist (looked for ${posix(relative(ctx.root, resolved.absolute))})`, location);
  if (resolved.kind === 'outside') throw new PackageError('PACKAGE_ASSET_OUTSIDE_TREE', `${what}: ${ref.localPath} is outside the repository tree`, location);
  const nestedAssets: PackagedAsset[] = [];
  let content: { content: Buffer; suffix: string; zipped: boolean } | undefined;
  if (ref.rule.nestedTemplate && resolved.stats.isFile()) {
    if (chain.includes(resolved.relative)) {
      throw new PackageError('PACKAGE_NESTED_CYCLE', `${what}: nested templates form a cycle: ${[...chain, resolved.relative].join(' -> ')}`, location);
    }
    const nested = await packageOne(ctx, resolved.relative, [...chain, resolved.relative], { file: template.file, ref, template });
    nestedAssets.push(...nested.assets);
    content = { content: Buffer.from(nested.text, 'utf8'), suffix: nested.format === 'json' ? '.json' : '.yaml', zipped: false };
  } else {
    try {
      content = await cachedContent(ctx, resolved, ref);
    } catch (err) {
      if (err instanceof ZipLimitError) throw new PackageError('PACKAGE_ZIP_TOO_LARGE', `${what}: ${err.message}`, location, err);
      throw err;
    }
  }
  if (!content) throw new PackageError('PACKAGE_EXPECTED_FILE', `${what}: ${ref.localPath} is a folder; ${ref.rule.resourceType} ${ref.property} takes a file`, location);
  const stored = await upload(ctx, content.content, content.suffix);
  const asset: PackagedAsset = {
    template: template.file,
    logicalId: ref.logicalId,
    property: ref.property,
    localPath: resolved.relative,
    bucket: stored.bucket,
    key: stored.key,
    ...(stored.versionId && stored.versionId !== 'null' ? { versionId: stored.versionId } : {}),
    sha256: stored.sha256,
    uploaded: stored.uploaded,
    zipped: content.zipped,
  };
  ctx.options.onAsset?.(asset);
  return { edit: { path: ref.path, value: rewrittenValue(ref.rule.rewrite, stored) }, assets: [...nestedAssets, asset] };
}

/** Packages one template (and what it nests); returns the rewritten text, not yet uploaded. */
async function packageOne(ctx: Context, relPath: string, chain: string[], from?: { file: string; ref: AssetReference; template: ParsedTemplate }): Promise<Packaged> {
  const template = await readTemplate(ctx, relPath, from);
  const edits: TemplateEdit[] = [];
  const assets: PackagedAsset[] = [];
  // One at a time: keeps upload order (and the asset list) stable, and S3 calls few at once.
  for (const ref of findAssetReferences(template.body)) {
    const done = await packageReference(ctx, template, ref, chain);
    edits.push(done.edit);
    assets.push(...done.assets);
  }
  const text = applyEdits(template, edits);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > TEMPLATE_LIMITS.urlBytes) {
    throw new PackageError('PACKAGE_TEMPLATE_TOO_LARGE', `packaged template is ${bytes} bytes; CloudFormation reads at most ${TEMPLATE_LIMITS.urlBytes} from S3`, {
      file: relPath,
      range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    });
  }
  return { text, format: template.format, assets };
}

/** Packages `templatePath` for one region: assets and nested templates uploaded, the rewritten template too. */
export async function packageTemplate(deps: CloudDeps, target: CloudTarget, options: PackageOptions): Promise<PackagedTemplate> {
  const root = resolve(options.rootDir);
  const ctx: Context = { deps, target, options, root, uploads: new Map() };
  const relPath = posix(relative(root, resolve(root, options.templatePath)));
  const where = await resolveLocalPath(root, root, relPath);
  if (where.kind === 'missing') throw new PackageError('PACKAGE_TEMPLATE_NOT_FOUND', `template ${options.templatePath} does not exist in the tree`);
  if (where.kind === 'outside') throw new PackageError('PACKAGE_ASSET_OUTSIDE_TREE', `template ${options.templatePath} is outside the repository tree`);
  const packaged = await packageOne(ctx, relPath, [relPath]);
  const suffix = packaged.format === 'json' ? '.json' : extname(relPath).toLowerCase() === '.yml' ? '.yml' : '.yaml';
  const stored = await upload(ctx, Buffer.from(packaged.text, 'utf8'), suffix);
  const bytes = Buffer.byteLength(packaged.text, 'utf8');
  return {
    templatePath: relPath,
    format: packaged.format,
    templateBody: packaged.text,
    sha256: stored.sha256,
    bytes,
    url: stored.url,
    useUrl: bytes > TEMPLATE_LIMITS.bodyBytes,
    bucket: stored.bucket,
    key: stored.key,
    ...(stored.versionId && stored.versionId !== 'null' ? { versionId: stored.versionId } : {}),
    uploaded: stored.uploaded,
    assets: packaged.assets,
  };
}
