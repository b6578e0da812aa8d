// Governance of each stack (roleArn, stackPolicy, notificationArns, rollbackTriggers,
// terminationProtection) as meridian.yaml gives it, and the checks the schema cannot make: a role
// for every account a stack deploys to, in that account, and alarm ARNs that are CloudWatch alarms.
import { accountOf, type AccountTarget } from '../rollout/accounts.js';
import { deploysTo } from '../rollout/plan.js';
import type { PipelineConfig, StackConfig } from './schema.js';
import { stageAccountOf, stageRegionOf, stageStacks } from './stage-settings.js';

type Problem = [(string | number)[], string];

const ALARM_ARN = /^arn:[\w-]+:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/;
const ROLE_ACCOUNT = /^arn:[\w-]+:iam::(\d{12}):role\//;

/** The service role of `stack` in `account` (undefined: the caller's own account), or none. */
export function serviceRoleOf(stack: StackConfig, account: AccountTarget | undefined): string | undefined {
  const role = stack.roleArn;
  if (role === undefined || typeof role === 'string') return role;
  return account ? role[account.name] : undefined;
}

/** Where each deployment of `stack` lands: production regions, and the stage stack's place. */
function placesOf(config: PipelineConfig, stack: StackConfig): { where: string; account: AccountTarget | undefined }[] {
  const places = [config.regions.primary, ...config.regions.secondaries]
    .filter((r) => deploysTo(stack, r))
    .map((r) => ({ where: r, account: accountOf(config, r) }));
  if (stageStacks(config).some((s) => s.name === stack.name)) places.push({ where: `the stage stack in ${stageRegionOf(config)}`, account: stageAccountOf(config) });
  return places;
}

function roleIssues(config: PipelineConfig, stack: StackConfig, i: number): Problem[] {
  const role = stack.roleArn;
  if (role === undefined) return [];
  const problems: Problem[] = [];
  if (typeof role !== 'string') {
    for (const name of Object.keys(role)) {
      if (!config.accounts[name]) problems.push([['stacks', i, 'roleArn', name], `unknown account '${name}'; roleArn keys are names under accounts: (${Object.keys(config.accounts).join(', ') || 'none defined'})`]);
    }
  }
  const seen = new Set<string>();
  for (const { where, account } of placesOf(config, stack)) {
    const key = account?.name ?? '';
    if (seen.has(key)) continue;
    seen.add(key);
    if (typeof role !== 'string' && !account) {
      problems.push([['stacks', i, 'roleArn'], `${where} deploys to the caller's own account, which a per-account map cannot name; give one ARN, or put the region under accounts:`]);
      continue;
    }
    const arn = serviceRoleOf(stack, account);
    const path = typeof role === 'string' ? ['stacks', i, 'roleArn'] : ['stacks', i, 'roleArn', account?.name ?? ''];
    if (arn === undefined) {
      problems.push([['stacks', i, 'roleArn'], `no role for account ${account?.name ?? ''} (${where} deploys there)`]);
      continue;
    }
    const id = ROLE_ACCOUNT.exec(arn)?.[1];
    if (account && id !== account.id) problems.push([path, `${arn} is in account ${id ?? '?'}, but ${where} deploys to account ${account.name} (${account.id}); CloudFormation needs a role of the stack's own account`]);
  }
  return problems;
}

function alarmIssues(alarms: readonly string[], path: (string | number)[]): Problem[] {
  return alarms.flatMap((a, j): Problem[] => (a.startsWith('arn:') && !ALARM_ARN.test(a) ? [[[...path, j], `'${a}' is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME); give an alarm name or an alarm ARN`]] : []));
}

/** Problems of the governance keys and `rollout.bake` that the schema cannot see. */
export function governanceIssues(config: PipelineConfig): Problem[] {
  const problems: Problem[] = [];
  config.stacks.forEach((s, i) => {
    problems.push(...roleIssues(config, s, i));
    if (s.rollbackTriggers) problems.push(...alarmIssues(s.rollbackTriggers.alarms, ['stacks', i, 'rollbackTriggers', 'alarms']));
  });
  if (config.rollout.bake) problems.push(...alarmIssues(config.rollout.bake.alarms, ['rollout', 'bake', 'alarms']));
  return problems;
}
