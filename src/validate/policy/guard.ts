// AWS CloudFormation Guard rules, run by a cfn-guard binary when one is installed: the one
// @cdklabs/cdk-validator-cfnguard bundles, or one on PATH. Never downloaded; absent means skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isRecord } from '../../template/index.js';
import type { Rule, RuleFinding } from '../types.js';

/** Where a cfn-guard binary is, if any: the CDK validator package's, then PATH. */
export function findCfnGuard(cwd: string = process.cwd(), pathEnv: string = process.env.PATH ?? ''): string | undefined {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const bundled = [
    join(cwd, 'node_modules', '@cdklabs', 'cdk-validator-cfnguard', 'bin', `${process.platform}-${arch}`, 'cfn-guard'),
    join(cwd, 'node_modules', '@cdklabs', 'cdk-validator-cfnguard', 'bin', process.platform, 'cfn-guard'),
  ];
  for (const p of bundled) if (existsSync(p)) return p;
  for (const dir of pathEnv.split(delimiter)) {
    if (dir && existsSync(join(dir, 'cfn-guard'))) return join(dir, 'cfn-guard');
  }
  return undefined;
}

interface GuardReport {
  not_compliant?: unknown[];
}

/** Findings from cfn-guard's JSON report: one per failed rule and resource. */
export function guardFindings(report: GuardReport): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const entry of report.not_compliant ?? []) {
    const rule = isRecord(entry) && isRecord(entry.Rule) ? entry.Rule : isRecord(entry) ? entry : {};
    const name = typeof rule.name === 'string' ? rule.name : 'guard';
    const checks = Array.isArray(rule.checks) ? rule.checks : [];
    for (const c of checks) {
      const check = isRecord(c) && isRecord(c.Clause) ? c.Clause : isRecord(c) ? c : {};
      const path = JSON.stringify(check).match(/"path":"\/Resources\/([^/"]+)/);
      const message = JSON.stringify(check).match(/"custom_message":"([^"]*)"/)?.[1] ?? `Guard rule ${name} failed`;
      out.push({ ruleId: `G-${name}`, path: path ? ['Resources', path[1] as string] : [], message });
    }
    if (checks.length === 0) out.push({ ruleId: `G-${name}`, path: [], message: `Guard rule ${name} failed` });
  }
  return out;
}

/** A rule that runs `cfn-guard validate` with `rules` (a file or folder) over each template. */
export function guardRule(binary: string, rules: string): Rule {
  return {
    id: 'G0000',
    severity: 'error',
    shortDescription: 'CloudFormation Guard rules',
    description: `Rules from ${rules}, evaluated by ${binary}`,
    docs: 'https://github.com/aws-cloudformation/cloudformation-guard',
    tags: ['guard', 'policy'],
    source: 'guard',
    check(ctx) {
      const run = spawnSync(binary, ['validate', '--rules', rules, '--output-format', 'json', '--show-summary', 'none', '--structured'], {
        input: ctx.template.text,
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (run.error) return [{ path: [], message: `cfn-guard could not run: ${run.error.message}` }];
      try {
        const parsed = JSON.parse(run.stdout) as GuardReport | GuardReport[];
        return (Array.isArray(parsed) ? parsed : [parsed]).flatMap(guardFindings);
      } catch {
        return run.status === 0 ? [] : [{ path: [], message: `cfn-guard failed: ${run.stderr.trim() || run.stdout.trim()}` }];
      }
    },
  };
}
