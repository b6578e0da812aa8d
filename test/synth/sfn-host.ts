// The Step Functions host in a test: the emitted definition run by aws-local-stepfunctions (or the
// in-house simulator where the library cannot, see asl-interpreter.ts), its Lambda tasks answered by
// the regional function's actions in-process, against an endpoint (localcloud) over HTTP.
import type { CloudDeps } from '../../src/cloud/index.js';
import type { PipelineConfig } from '../../src/pipeline/index.js';
import { stateMachineDefinition, synthPlan } from '../../src/synth/index.js';
import { runAction, type ActionDeps } from '../../src/synth/lambda/actions.js';
import type { ActionRequest } from '../../src/synth/lambda/requests.js';
import { runMachine, type SimulatedRun, type TaskInvoker } from './asl-simulator.js';
import { interpret } from './asl-interpreter.js';

/** What the approval task answers: a decision, or a thrown error (Meridian.Rejected, States.Timeout). */
export type Decide = (payload: ActionRequest) => unknown;
export const APPROVE: Decide = () => ({ decision: 'approved', by: 'alice@example.com' });
export const REJECT: Decide = () => {
  throw Object.assign(new Error('{"decision":"rejected","by":"alice@example.com"}'), { name: 'Meridian.Rejected' });
};

export interface SfnRun extends SimulatedRun {
  approvals: ActionRequest[];
}

/**
 * Runs one execution named `execution` of `config`'s state machine on the source zip at
 * s3://`bucket`/`key` (the home region's), with the function's home in `regions.primary`.
 */
export async function runExecution(o: { cloud: CloudDeps; scratch: string; config: PipelineConfig; execution: string; bucket: string; key: string; decide?: Decide; simulator?: boolean }): Promise<SfnRun> {
  const unused = async () => Promise.reject(new Error('approval ports are not used here'));
  const deps: ActionDeps = {
    cloud: o.cloud, config: o.config, env: {}, home: o.config.regions.primary, scratch: o.scratch, now: () => Date.now(), random: Math.random, log: () => {},
    approval: { signingKey: async () => Buffer.alloc(32, 1), approvalUrl: 'https://approve.example/', publish: async () => {}, sendSuccess: unused, sendFailure: unused, now: () => 0 },
  };
  // The template's substitutions: the function, and no deployment role (the endpoint's own account).
  const definition = JSON.parse(JSON.stringify(stateMachineDefinition(synthPlan(o.config))).replaceAll('${DeploymentRoleArn}', ''));
  const approvals: ActionRequest[] = [];
  const decide = o.decide ?? APPROVE;
  const tasks: TaskInvoker = {
    invoke: async (payload) => runAction(deps, payload as ActionRequest),
    waitForToken: async (payload) => {
      approvals.push(payload as ActionRequest);
      // The notice goes out as it would on AWS; the decision is the test's.
      await runAction(deps, payload as ActionRequest);
      return decide(payload as ActionRequest);
    },
  };
  const input = { source: { kind: 's3', bucket: o.bucket, key: o.key } };
  const context = { Execution: { Name: o.execution, Id: `arn:aws:states:${o.config.regions.primary}:000000000000:execution:meridian-${o.config.pipeline}:${o.execution}` } };
  const result = o.simulator ? await runMachine(definition, input, context, tasks) : await interpret(definition, input, context, tasks);
  return { ...result, approvals };
}
