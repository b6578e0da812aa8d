// The deployments of a pipeline as the physical-name analysis sees them: every stack in every
// region it deploys to, in its account, plus its stage stack, each with the values meridian.yaml
// gives it. In deployment order (stage stacks first, then the waves), so of two deployments
// claiming one name the first is the one that gets it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTemplate, type ParsedTemplate } from '../../template/index.js';
import type { NameTarget } from '../../validate/index.js';
import type { ParameterValue, PipelineConfig } from '../config/schema.js';
import { stageAccountOf, stageParameterSpecs, stageRegionOf, stageStacks } from '../config/stage-settings.js';
import { parameterSpecs, stackNameFor } from '../engine/parameter-values.js';
import { stackOrder } from '../engine/stack-order.js';
import { accountOf } from './accounts.js';
import { configuredWaves } from './plan.js';

export interface NameTargetOptions {
  /** The caller's own account id, when known (a run knows it; `meridian validate` does not). */
  callerAccount?: string;
  /** Reads a template (default: from the file system under `rootDir`). */
  readTemplate?: (path: string) => string;
}

/** Literal values are known now; outputs, SSM parameters and environment values only at deploy time. */
function split(specs: Record<string, ParameterValue>): { parameters: Record<string, string>; unknownParameters: string[] } {
  const parameters: Record<string, string> = {};
  const unknownParameters: string[] = [];
  for (const [k, v] of Object.entries(specs)) {
    if (typeof v === 'string') parameters[k] = v;
    else unknownParameters.push(k);
  }
  return { parameters, unknownParameters };
}

/** Every deployment of the pipeline, in the order they happen. Templates that cannot be read are left out (Validate reports them). */
export function nameTargets(config: PipelineConfig, rootDir: string, options: NameTargetOptions = {}): NameTarget[] {
  const read = options.readTemplate ?? ((p: string) => readFileSync(resolve(rootDir, p), 'utf8'));
  const parsed = new Map<string, ParsedTemplate | undefined>();
  const templateOf = (file: string): ParsedTemplate | undefined => {
    if (!parsed.has(file)) {
      let result: ParsedTemplate | undefined;
      try {
        const p = parseTemplate(read(file), file);
        result = p.ok ? p.template : undefined;
      } catch {
        result = undefined;
      }
      parsed.set(file, result);
    }
    return parsed.get(file);
  };
  const account = (id: string | undefined) => (id ? { account: id, accountKnown: true } : options.callerAccount ? { account: options.callerAccount, accountKnown: true } : { account: 'caller', accountKnown: false });
  const targets: NameTarget[] = [];
  const stageRegion = stageRegionOf(config);
  const stageAccount = account(stageAccountOf(config)?.id);
  for (const stack of stageStacks(config)) {
    const template = templateOf(stack.template);
    if (!template) continue;
    targets.push({ stack: stack.name, variant: 'stage', region: stageRegion, ...stageAccount, stackName: stackNameFor(config, stack.name, 'stage'), file: stack.template, template, ...split(stageParameterSpecs(config, stack)) });
  }
  for (const wave of configuredWaves(config)) {
    for (const region of wave.regions) {
      const where = account(accountOf(config, region)?.id);
      for (const stack of stackOrder(config, region)) {
        const template = templateOf(stack.template);
        if (!template) continue;
        targets.push({ stack: stack.name, variant: 'production', region, ...where, stackName: stackNameFor(config, stack.name, 'production'), file: stack.template, template, ...split(parameterSpecs(config, stack, region)) });
      }
    }
  }
  return targets;
}
