// `meridian plan`: the rollout plan of meridian.yaml (waves, regions, accounts, stack order) without
// deploying anything or touching a cloud, and the physical names two of its deployments would both
// claim (exit 1 when one is an error: the run would be refused in Validate).
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { configFile } from '../pipeline-session.js';

export function registerPlanCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description('Print the rollout plan (waves, regions, stacks and their order) and physical-name clashes, without deploying')
    .option('--repo <dir>', 'the folder holding meridian.yaml', '.')
    .option('--json', 'print the plan as JSON')
    .action(async (flags: { repo: string; json?: boolean }) => {
      const { loadConfig, buildPlan, formatPlan, pipelineNameFindings, stageRegionOf } = await import('../../pipeline/index.js');
      const file = configFile(flags.repo);
      const { config } = await loadConfig(file);
      const plan = buildPlan(config);
      const names = pipelineNameFindings(config, dirname(file));
      const physicalNames = names.map((f) => ({ file: f.file, line: f.line, column: f.column, ruleId: f.ruleId, severity: f.severity, message: f.message }));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...plan, stageRegion: stageRegionOf(config), physicalNames }, null, 2)}\n`);
      } else {
        const lines = [...formatPlan(plan), `stage stacks: ${stageRegionOf(config)}${config.stage.account ? ` (account ${config.stage.account})` : ''}`];
        lines.push(names.length === 0 ? 'physical names: no name is claimed by two deployments' : `physical names: ${names.length} finding(s)`);
        for (const f of physicalNames) lines.push(`  ${f.file}:${f.line}:${f.column}: ${f.ruleId} [${f.severity}] ${f.message}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      setExit(names.some((f) => f.severity === 'error') ? EXIT.failed : EXIT.ok);
    });
}
