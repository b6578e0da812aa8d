// `meridian plan`: the rollout plan of meridian.yaml (waves, regions, accounts, stack order) without
// deploying anything or touching a cloud.
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { configFile } from '../pipeline-session.js';

export function registerPlanCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description('Print the rollout plan (waves, regions, stacks and their order) without deploying')
    .option('--repo <dir>', 'the folder holding meridian.yaml', '.')
    .option('--json', 'print the plan as JSON')
    .action(async (flags: { repo: string; json?: boolean }) => {
      const { loadConfig, buildPlan, formatPlan } = await import('../../pipeline/index.js');
      const { config } = await loadConfig(configFile(flags.repo));
      const plan = buildPlan(config);
      process.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : `${formatPlan(plan).join('\n')}\n`);
      setExit(EXIT.ok);
    });
}
