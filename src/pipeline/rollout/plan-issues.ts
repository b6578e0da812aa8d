// Config errors the rollout plan finds before anything deploys: a region reading a value from a
// region that does not deploy earlier, a value from a stack that is not deployed there, a region
// claimed by two accounts.
import type { PipelineConfig } from '../config/schema.js';
import { configuredWaves, deploysTo, valueReads } from './plan.js';

type Problem = [(string | number)[], string];

export function rolloutIssues(config: PipelineConfig): Problem[] {
  const problems: Problem[] = [];
  const regions = [config.regions.primary, ...config.regions.secondaries];
  const waveOf = new Map<string, number>();
  configuredWaves(config).forEach((w, i) => w.regions.forEach((r) => waveOf.set(r, i)));
  const owner = new Map<string, string>();
  for (const [name, account] of Object.entries(config.accounts)) {
    (account.regions ?? []).forEach((r, j) => {
      const path = ['accounts', name, 'regions', j];
      if (!regions.includes(r)) problems.push([path, `${r} is not one of the pipeline's regions`]);
      else if (owner.has(r)) problems.push([path, `${r} already deploys to account ${owner.get(r)}`]);
      owner.set(r, name);
    });
  }
  const byName = new Map(config.stacks.map((s) => [s.name, s]));
  const seen = new Set<string>();
  config.stacks.forEach((stack, i) => {
    for (const region of regions) {
      if (!deploysTo(stack, region)) continue;
      for (const read of valueReads(config, i, region)) {
        const add = (path: (string | number)[], message: string) => {
          const key = `${path.join('.')}|${message}`;
          if (!seen.has(key)) problems.push([path, message]);
          seen.add(key);
        };
        const from = read.fromStack ? byName.get(read.fromStack) : undefined;
        if (from && !deploysTo(from, read.fromRegion)) {
          add([...read.path, 'stack'], `stack ${from.name} is not deployed in ${read.fromRegion}, so ${stack.name} in ${region} cannot read its output`);
        }
        const fromWave = waveOf.get(read.fromRegion);
        const toWave = waveOf.get(region);
        if (read.fromRegion === region || fromWave === undefined || toWave === undefined || fromWave < toWave) continue;
        add(
          [...read.path, 'region'],
          `${stack.name} in ${region} (wave ${toWave + 1}) reads ${read.kind === 'output' ? `an output of ${read.fromStack}` : 'an SSM parameter'} in ${read.fromRegion} (wave ${fromWave + 1}); ${read.fromRegion} must deploy in an earlier wave`,
        );
      }
    }
  });
  return problems;
}
