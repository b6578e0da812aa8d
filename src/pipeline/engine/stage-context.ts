// The run as the stage stacks see it: in the stage's region, and in the stage's account when
// `stage.account` names one that production's routing by region would not reach.
import type { CloudTarget } from '../../cloud/index.js';
import { stageAccountOf, stageElsewhere } from '../config/stage-settings.js';
import { sessionNameFor } from '../rollout/accounts.js';
import type { RunContext } from './run-context.js';

/** `ctx`, or a view of it whose every cloud call goes to the stage account. */
export function stageContext(ctx: RunContext): RunContext {
  if (!stageElsewhere(ctx.config)) return ctx;
  const role = stageAccountOf(ctx.config)?.role;
  const sessionName = sessionNameFor(ctx.runId);
  // No role: the stage account is the caller's own, whatever account the region deploys to.
  return ctx.withRoute((target: CloudTarget) => (target.roleArn || !role ? target : { ...target, roleArn: role, sessionName }));
}
