// `meridian synth stepfunctions|codepipeline [--out DIR]`: the pipeline of meridian.yaml emitted as
// CloudFormation templates for AWS's own engines, plus the bundled functions they reference.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';

interface SynthCliOptions {
  out: string;
  config: string;
  bundle: boolean;
  json?: boolean;
}

async function run(target: 'stepfunctions' | 'codepipeline', opts: SynthCliOptions): Promise<number> {
  const { loadConfig } = await import('../../pipeline/index.js');
  const { synthesize, synthWarnings, SynthError } = await import('../../synth/index.js');
  // A missing or bad meridian.yaml is the user's to fix (exit 2), reported with its file and line.
  const { config, dir } = await loadConfig(opts.config);
  let files;
  try {
    files = await synthesize(config, target, { bundle: opts.bundle, rootDir: dir });
  } catch (err) {
    if (err instanceof SynthError) throw new UsageError(`${err.code}: ${err.message}`);
    throw err;
  }
  // What this form cannot carry out is said every time, never dropped in silence (docs/synth.md).
  const warnings = synthWarnings(config, target);
  const out = resolve(opts.out);
  const written: { path: string; description: string }[] = [];
  for (const f of files) {
    const path = join(out, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
    written.push({ path: relative(process.cwd(), path) || path, description: f.description });
  }
  const template = files[0]?.path ?? '';
  const home = config.regions.primary;
  const deploy = [
    `aws cloudformation package --template-file ${join(opts.out, template)} --s3-bucket <bucket in ${home}> --output-template-file packaged.json`,
    // --s3-bucket: the home template can pass CloudFormation's 51,200-byte limit for a template body.
    `aws cloudformation deploy --region ${home} --template-file packaged.json --s3-bucket <bucket in ${home}> --stack-name meridian-${config.pipeline}-${target} --capabilities CAPABILITY_IAM`,
  ];
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ target, files: written, deploy: { region: home, commands: deploy }, warnings }, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const w of warnings) process.stderr.write(`warning: ${opts.config}: ${w.field}: ${w.message}\n`);
  for (const w of written) process.stdout.write(`${w.path}  ${w.description}\n`);
  process.stdout.write(`\nDeploy from the home region ${home}:\n${deploy.map((c) => `  ${c}\n`).join('')}`);
  return EXIT.ok;
}

export function registerSynthCommand(program: Command, setExit: (code: number) => void): void {
  const synth = program.command('synth').description('Emit the pipeline as CloudFormation templates for AWS Step Functions or CodePipeline');
  for (const [target, what] of [
    ['stepfunctions', 'a Step Functions state machine (waves as Distributed Map states), its regional function, approval links and triggers'],
    ['codepipeline', 'a CodePipeline V2 with cross-region CloudFormation actions, a manual approval and Lambda checks'],
  ] as const) {
    synth
      .command(target)
      .description(what)
      .option('--out <dir>', 'output folder', 'meridian.out')
      .option('--config <file>', 'the pipeline configuration', 'meridian.yaml')
      .option('--no-bundle', 'skip bundling the functions (templates only)')
      .option('--json', 'print the files written and the deploy commands as JSON')
      .action(async (opts: SynthCliOptions) => setExit(await run(target, opts)));
  }
}
