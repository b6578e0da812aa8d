// The cloud a run talks to: every `{ region }` target goes to that region's account (assumed role,
// session named after the run), and every request waits for its account x region's budget.
import { createRequestBudget, routedPool, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { accountRouter } from './accounts.js';

export function runCloud(cloud: CloudDeps, config: PipelineConfig, runId: string, route?: (target: CloudTarget) => CloudTarget): CloudDeps {
  const { rate, burst } = config.rollout.requestBudget;
  const budget = cloud.budget ?? createRequestBudget({ rate, burst, now: cloud.now, sleep: cloud.sleep });
  return { ...cloud, budget, pool: routedPool(cloud.pool, route ?? accountRouter(config, runId), budget) };
}
