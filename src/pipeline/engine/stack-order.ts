// The order stacks deploy in within a region: dependsOn plus the implicit dependency of a
// same-region `{ output: { stack } }` parameter.
import type { PipelineConfig, StackConfig } from '../config/schema.js';

/** Names of the stacks `stack` needs before it in the same region. */
export function sameRegionDependencies(stack: StackConfig, region: string, primary: string): string[] {
  const deps = new Set(stack.dependsOn);
  const groups = region === primary ? [stack.parameters] : [stack.parameters, stack.secondaryParameters];
  for (const params of [...groups, stack.regionParameters[region] ?? {}]) {
    for (const value of Object.values(params)) {
      if (typeof value !== 'object' || !('output' in value)) continue;
      const ref = value.output;
      const refRegion = ref.region === undefined ? region : ref.region === 'primary' ? primary : ref.region;
      if (refRegion === region && ref.stack !== stack.name) deps.add(ref.stack);
    }
  }
  return [...deps];
}

/** Stacks in deployment order (dependencies first; ties keep config order). Throws on a cycle. */
export function stackOrder(config: PipelineConfig, region: string): StackConfig[] {
  const byName = new Map(config.stacks.map((s) => [s.name, s]));
  const done = new Set<string>();
  const order: StackConfig[] = [];
  const visiting = new Set<string>();
  const visit = (s: StackConfig, path: string[]) => {
    if (done.has(s.name)) return;
    if (visiting.has(s.name)) throw new Error(`stacks depend on each other in ${region}: ${[...path, s.name].join(' -> ')}`);
    visiting.add(s.name);
    for (const d of sameRegionDependencies(s, region, config.regions.primary)) {
      const dep = byName.get(d);
      if (dep) visit(dep, [...path, s.name]);
    }
    visiting.delete(s.name);
    done.add(s.name);
    order.push(s);
  };
  for (const s of config.stacks) visit(s, []);
  return order.filter((s) => !s.regions || s.regions.includes(region));
}

/** Every region of the pipeline, primary first. */
export function allRegions(config: PipelineConfig): string[] {
  return [config.regions.primary, ...config.regions.secondaries];
}
