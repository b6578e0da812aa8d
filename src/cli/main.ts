// The CLI: a thin shell that turns arguments into library calls and results into exit codes.
// Command modules are registered here; each loads its heavy library code only when it runs,
// so `meridian --help` and small commands start fast.
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from './exit-codes.js';
import { packageVersion } from './package-root.js';
import { registerTemplateCommands } from './commands/template.js';
import { registerLocalCloudCommand } from './commands/local-cloud.js';
import { registerPipelineCommands } from './commands/pipeline.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerInitCommand } from './commands/init.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUsersCommand } from './commands/users.js';
import { registerSynthCommand } from './commands/synth.js';
import { registerPlanCommand } from './commands/plan.js';


/** Builds the command tree. `setExit` lets an action report its exit code. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('meridian')
    .description('Ship AWS CloudFormation infrastructure to several AWS regions safely.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  registerTemplateCommands(program, setExit);
  registerLocalCloudCommand(program, setExit);
  registerPipelineCommands(program, setExit);
  registerDemoCommand(program, setExit);
  registerInitCommand(program, setExit);
  registerValidateCommand(program, setExit);
  registerServeCommand(program, setExit);
  registerUsersCommand(program, setExit);
  registerSynthCommand(program, setExit);
  registerPlanCommand(program, setExit);
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`meridian: ${err.message}\n`);
      return EXIT.usage;
    }
    const e = err as Error & { code?: string; source?: string };
    process.stderr.write(`meridian: ${e.message}\n`);
    // Errors the user can fix (bad meridian.yaml, template, arguments, refused approval) exit 2.
    return e.source === 'user' || (typeof e.code === 'string' && e.code.startsWith('TEMPLATE')) ? EXIT.usage : EXIT.failed;
  }
  return code;
}
