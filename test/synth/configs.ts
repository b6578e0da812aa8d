// The configurations the synth tests emit: the shipped example and the fixtures beside this file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig, type PipelineConfig } from '../../src/pipeline/index.js';

const file = (rel: string, base: string) => fileURLToPath(new URL(rel, base));

export const CONFIGS: Record<string, string> = {
  'shop-infra': file('../../examples/shop-infra/meridian.yaml', import.meta.url),
  'single-region': file('./fixtures/single-region.yaml', import.meta.url),
  'accounts-waves': file('./fixtures/accounts-waves.yaml', import.meta.url),
};

export function configOf(name: string): PipelineConfig {
  const path = CONFIGS[name];
  if (!path) throw new Error(`no config ${name}`);
  return parseConfig(readFileSync(path, 'utf8'), path);
}
