// Before anything deploys: every `{ output: { stack, region, name } }` a parameter reads must be an
// output the packaged template of that stack declares in that region. Otherwise the run would fail
// halfway through a rollout (or, worse, after some regions were changed) on a typo.
import { parseTemplate } from '../../template/index.js';
import { artifactKey, type ArtifactSet } from '../engine/artifact.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';
import { fieldName as fieldPath } from '../config/load-config.js';
import { deploysTo, valueReads } from './plan.js';

export function checkValueReads(ctx: RunContext, artifacts: ArtifactSet): void {
  const { config } = ctx;
  const regions = [config.regions.primary, ...config.regions.secondaries];
  const outputs = new Map<string, Set<string> | undefined>();
  const declared = (key: string): Set<string> | undefined => {
    if (!outputs.has(key)) {
      const body = artifacts[key]?.body;
      const parsed = body === undefined ? undefined : parseTemplate(body);
      const section = parsed?.ok ? parsed.template.body.Outputs : undefined;
      outputs.set(key, section && typeof section === 'object' ? new Set(Object.keys(section)) : parsed?.ok ? new Set() : undefined);
    }
    return outputs.get(key);
  };
  const problems = new Set<string>();
  config.stacks.forEach((stack, i) => {
    for (const region of regions) {
      if (!deploysTo(stack, region)) continue;
      for (const read of valueReads(config, i, region)) {
        if (read.kind !== 'output' || !read.fromStack) continue;
        const names = declared(artifactKey(read.fromStack, read.fromRegion));
        if (names && !names.has(read.name)) problems.add(`${fieldPath(read.path)}: ${read.fromStack} in ${read.fromRegion} declares no output ${read.name}`);
      }
    }
  });
  if (problems.size > 0) throw new StepFailure('CONFIG_VALUE_MISSING', `meridian.yaml reads values that do not exist: ${[...problems].join('; ')}`, { stage: 'validate' });
}
