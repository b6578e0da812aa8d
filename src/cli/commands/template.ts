// `meridian template ...`: look inside one template (deployment order, resolved values).
import type { Command } from 'commander';

export function registerTemplateCommands(program: Command, _setExit: (code: number) => void): void {
  program.command('template').description('Inspect a CloudFormation template (graph, resolve)');
}
