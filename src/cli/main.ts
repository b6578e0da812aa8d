// The CLI: a thin shell that turns arguments into library calls and results into exit codes.
// Command modules are registered here; each loads its heavy library code only when it runs,
// so `meridian --help` and small commands start fast.
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { asksForJson, describeError, errorDocument, errorText } from './error-report.js';
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
import { registerLifecycleCommands } from './commands/lifecycle.js';


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
  registerLifecycleCommands(program, setExit);
  return program;
}

/**
 * A reader that stops early (`meridian runs | head -1`) closes the pipe: the rest of the output has
 * nowhere to go, which is the reader's choice, not a failure to report with a stack trace. The
 * command still finishes what it started (a run half-deployed because a pager closed would be worse);
 * it just stops writing.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = (() => true) as typeof stream.write;
  });
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  const json = asksForJson(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed its message (and the help) to stderr already.
      if (err.exitCode !== 0 && json) process.stdout.write(errorDocument({ code: 'USAGE', message: err.message.replace(/^error: /, ''), exit: EXIT.usage }));
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const report = describeError(err, process.env);
    if (json) process.stdout.write(errorDocument(report));
    process.stderr.write(`meridian: ${errorText(report)}\n`);
    return report.exit;
  }
  return code;
}
