// `meridian synth`: the files one pipeline emits, as data (path -> content), written by the caller.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PipelineConfig } from '../pipeline/index.js';
import { parseTemplate } from '../template/index.js';
import { artifactStoreTemplate } from './artifact-store.js';
import { bundleFunctions } from './bundle.js';
import { codePipelineTemplate } from './codepipeline-template.js';
import { synthPlan } from './plan.js';
import { stateMachineDefinition } from './state-machine.js';
import { FUNCTIONS_ZIP, stepFunctionsTemplate } from './stepfunctions-template.js';

export type SynthTarget = 'stepfunctions' | 'codepipeline';

export interface SynthOptions {
  /** Bundle the functions into lambda/meridian-functions.zip (default true; snapshot tests turn it off). */
  bundle?: boolean;
  /** The folder meridian.yaml is in: CodePipeline parameter overrides are limited to what each template declares. */
  rootDir?: string;
}

export interface SynthFile {
  /** Relative to the output folder, `/`-separated. */
  path: string;
  content: string | Buffer;
  /** What the file is, for the CLI's summary. */
  description: string;
}

/** The parameter names each stack's template declares (undefined when a template cannot be read). */
function declaredParameters(config: PipelineConfig, rootDir: string): (stack: string) => ReadonlySet<string> | undefined {
  return (name) => {
    const stack = config.stacks.find((s) => s.name === name);
    if (!stack) return undefined;
    let text: string;
    try {
      text = readFileSync(resolve(rootDir, stack.template), 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parseTemplate(text, stack.template);
    const params = parsed.ok ? parsed.template.body.Parameters : undefined;
    return parsed.ok ? new Set(params && typeof params === 'object' ? Object.keys(params) : []) : undefined;
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The files of `meridian synth <target>` for `config`. */
export async function synthesize(config: PipelineConfig, target: SynthTarget, options: SynthOptions = {}): Promise<SynthFile[]> {
  const plan = synthPlan(config);
  const files: SynthFile[] =
    target === 'stepfunctions'
      ? [
          { path: 'stepfunctions.template.json', content: json(stepFunctionsTemplate(plan)), description: `home-region stack (${plan.home}): state machine, functions, approval, triggers, artifact StackSet` },
          { path: 'state-machine.asl.json', content: json(stateMachineDefinition(plan)), description: 'the state machine definition, for review (embedded in the template)' },
        ]
      : [{ path: 'codepipeline.template.json', content: json(codePipelineTemplate(plan, options.rootDir ? { declared: declaredParameters(config, options.rootDir) } : {})), description: `home-region stack (${plan.home}): CodePipeline V2, check functions, artifact StackSet` }];
  files.push({ path: 'artifact-store.template.json', content: json(artifactStoreTemplate(plan)), description: 'per-region artifact bucket and KMS key (deployed by the StackSet; for review)' });
  if (options.bundle ?? true) {
    const bundle = await bundleFunctions(config);
    files.push({ path: FUNCTIONS_ZIP, content: bundle.zip, description: `the functions, bundled (${Math.round(bundle.bytes / 1024)} KiB of JavaScript)` });
  }
  return files;
}
