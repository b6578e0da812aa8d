// Package: one artifact per stack x region. Each region gets its own versioned, encrypted artifact
// bucket; templates and their local assets are uploaded there, content-addressed.
import { artifactBucketName, callerAccount, ensureArtifactBucket } from '../../cloud/index.js';
import { parseTemplate } from '../../template/index.js';
import { artifactKey, type ArtifactSet, type StackArtifact } from '../engine/artifact.js';
import type { RunContext } from '../engine/run-context.js';
import { allRegions } from '../engine/stack-order.js';
import { createPackageCache, packageTemplate } from '../package/index.js';

function declaredParameters(body: string): string[] {
  const parsed = parseTemplate(body);
  const params = parsed.ok ? parsed.template.body.Parameters : undefined;
  return params && typeof params === 'object' ? Object.keys(params) : [];
}

export async function packageStage(ctx: RunContext): Promise<ArtifactSet> {
  const artifacts: ArtifactSet = {};
  // One cache per run: a folder is zipped once, then uploaded to every region's bucket.
  const cache = createPackageCache();
  for (const region of allRegions(ctx.config)) {
    const where = { stage: 'package' as const, region };
    const regionArtifacts = await ctx.step(`package:${region}`, where, async () => {
      const target = { region };
      const account = await callerAccount(ctx.deps.cloud, target);
      const bucket = artifactBucketName(ctx.config.pipeline, account, region);
      await ensureArtifactBucket(ctx.deps.cloud, target, bucket);
      const out: StackArtifact[] = [];
      for (const stack of ctx.config.stacks) {
        if (stack.regions && !stack.regions.includes(region)) continue;
        const packaged = await packageTemplate(ctx.deps.cloud, target, {
          rootDir: ctx.rootDir,
          templatePath: stack.template,
          bucket,
          // AWS-style URLs even against an emulator: localcloud and LocalStack read them from their own S3,
          // and they stay valid when a later process reaches the emulator on another port.
          prefix: `${ctx.config.pipeline}/${stack.name}`,
          cache,
        });
        out.push({
          stack: stack.name,
          region,
          sha256: packaged.sha256,
          url: packaged.url,
          useUrl: packaged.useUrl,
          body: packaged.templateBody,
          parameters: declaredParameters(packaged.templateBody),
        });
      }
      return out;
    });
    for (const a of regionArtifacts) artifacts[artifactKey(a.stack, a.region)] = a;
    const uploaded = regionArtifacts.map((a) => `${a.stack} ${a.sha256.slice(0, 12)}${a.useUrl ? ' (by URL)' : ''}`).join(', ');
    ctx.emitFresh(`package:${region}`, { type: 'stage-finished', ...where, outcome: 'succeeded', summary: uploaded });
  }
  return artifacts;
}
