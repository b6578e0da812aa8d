// Package: one artifact per stack x region. Each region gets its own versioned, encrypted artifact
// bucket; templates and their local assets are uploaded there, content-addressed. The artifacts are
// the package steps' journaled results: every later stage, in any host, reads them back from there.
import { artifactBucketName, callerAccount, ensureArtifactBucket } from '../../cloud/index.js';
import { parseTemplate } from '../../template/index.js';
import { artifactKey, stageArtifactKey, type ArtifactSet, type StackArtifact } from '../engine/artifact.js';
import type { RunContext } from '../engine/run-context.js';
import { packagedIn, packageRegions, stageElsewhere, stageRegionOf, stageStacks } from '../config/stage-settings.js';
import type { StackConfig } from '../config/schema.js';
import { stageContext } from '../engine/stage-context.js';
import { stepKeys } from '../engine/step-keys.js';
import { createPackageCache, packageTemplate, type PackageCache } from '../package/index.js';

/** The template's parameter names, and which of them are NoEcho. */
export function declaredParameters(body: string): { names: string[]; noEcho: string[] } {
  const parsed = parseTemplate(body);
  const params = parsed.ok ? parsed.template.body.Parameters : undefined;
  if (!params || typeof params !== 'object') return { names: [], noEcho: [] };
  const entries = Object.entries(params as Record<string, { NoEcho?: unknown }>);
  return { names: entries.map(([k]) => k), noEcho: entries.filter(([, p]) => p && (p.NoEcho === true || String(p.NoEcho).toLowerCase() === 'true')).map(([k]) => k) };
}

/** Packages the stacks `include` admits into `region`'s artifact bucket of the account `ctx` reaches. */
async function packageInto(ctx: RunContext, region: string, include: (stack: StackConfig) => boolean, cache: PackageCache): Promise<StackArtifact[]> {
  const target = { region };
  const account = await callerAccount(ctx.deps.cloud, target);
  const bucket = artifactBucketName(ctx.config.pipeline, account, region);
  await ensureArtifactBucket(ctx.deps.cloud, target, bucket);
  const rootDir = await ctx.source.tree();
  const out: StackArtifact[] = [];
  for (const stack of ctx.config.stacks) {
    if (!include(stack)) continue;
    const packaged = await packageTemplate(ctx.deps.cloud, target, {
      rootDir,
      templatePath: stack.template,
      bucket,
      // AWS-style URLs even against an emulator: localcloud and LocalStack read them from their own S3,
      // and they stay valid when a later process reaches the emulator on another port.
      prefix: `${ctx.config.pipeline}/${stack.name}`,
      cache,
    });
    const declared = declaredParameters(packaged.templateBody);
    out.push({
      stack: stack.name,
      region,
      sha256: packaged.sha256,
      url: packaged.url,
      bucket: packaged.bucket,
      key: packaged.key,
      ...(packaged.versionId ? { versionId: packaged.versionId } : {}),
      useUrl: packaged.useUrl,
      body: packaged.templateBody,
      parameters: declared.names,
      noEcho: declared.noEcho,
    });
  }
  return out;
}

export async function packageStage(ctx: RunContext, regions = packageRegions(ctx.config)): Promise<ArtifactSet> {
  const artifacts: ArtifactSet = {};
  // One cache per run: a folder is zipped once, then uploaded to every region's bucket.
  const cache = createPackageCache();
  for (const region of regions) {
    const where = { stage: 'package' as const, region };
    const key = stepKeys.package(region);
    const regionArtifacts = await ctx.step(key, where, () => packageInto(ctx, region, (stack) => packagedIn(ctx.config, stack, region), cache));
    for (const a of regionArtifacts) artifacts[artifactKey(a.stack, a.region)] = a;
    const uploaded = regionArtifacts.map((a) => `${a.stack} ${a.sha256.slice(0, 12)}${a.useUrl ? ' (by URL)' : ''}`).join(', ');
    ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: 'succeeded', summary: uploaded });
  }
  // A stage in another account reads its templates (and keeps its approved records) in that
  // account's own bucket: CloudFormation there cannot read production's without a cross-account policy.
  const stageRegion = stageRegionOf(ctx.config);
  if (stageElsewhere(ctx.config) && regions.includes(stageRegion)) {
    const where = { stage: 'package' as const, region: stageRegion };
    const key = stepKeys.packageStage(stageRegion);
    const names = new Set(stageStacks(ctx.config).map((s) => s.name));
    const staged = await ctx.step(key, where, () => packageInto(stageContext(ctx), stageRegion, (stack) => names.has(stack.name), cache));
    for (const a of staged) artifacts[stageArtifactKey(a.stack, a.region)] = a;
    ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: 'succeeded', summary: `stage account: ${staged.map((a) => `${a.stack} ${a.sha256.slice(0, 12)}`).join(', ')}` });
  }
  return artifacts;
}

/** The run's packaged artifacts, read back from the package steps (Package must have run). */
export async function packagedArtifacts(ctx: RunContext): Promise<ArtifactSet> {
  const set: ArtifactSet = {};
  for (const region of packageRegions(ctx.config)) {
    const list = await ctx.finished<StackArtifact[]>(stepKeys.package(region));
    if (!list) throw new Error(`run ${ctx.runId} has no packaged artifacts for ${region}: Package has not run`);
    for (const a of list) set[artifactKey(a.stack, a.region)] = a;
  }
  const staged = await ctx.finished<StackArtifact[]>(stepKeys.packageStage(stageRegionOf(ctx.config)));
  for (const a of staged ?? []) set[stageArtifactKey(a.stack, a.region)] = a;
  return set;
}
