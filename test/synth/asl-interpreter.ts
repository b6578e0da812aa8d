// Runs an emitted state machine with aws-local-stepfunctions (an Amazon States Language interpreter
// nobody here wrote), its Task states answered by the test, through the same interface as the
// in-house simulator (asl-simulator.ts). The library runs every state Meridian emits but two
// features: Map failure tolerance (ToleratedFailureCount/Percentage: any failed iteration fails its
// Map) and task tokens (a waitForTaskToken task is answered by its local handler, here the test's
// decision). Tests of a wave failing within its tolerance stay on the simulator for that reason.
import type { SimulatedRun, TaskInvoker } from './asl-simulator.js';

// Node 20 has no Promise.withResolvers (Node 22 does), which the library uses.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
};

type Obj = Record<string, unknown>;

/** Every Task state, at any depth (Map processors included), with its Resource. */
function tasksOf(states: Obj, out: Record<string, string> = {}): Record<string, string> {
  for (const [name, raw] of Object.entries(states)) {
    const s = raw as Obj;
    if (s.Type === 'Task') out[name] = String(s.Resource);
    const processor = (s.ItemProcessor ?? s.Iterator) as Obj | undefined;
    if (processor?.States) tasksOf(processor.States as Obj, out);
  }
  return out;
}

export async function interpret(definition: Obj, input: unknown, context: { Execution: { Name: string; Id: string } }, tasks: TaskInvoker): Promise<SimulatedRun> {
  const { StateMachine } = await import('aws-local-stepfunctions');
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, resource] of Object.entries(tasksOf(definition.States as Obj))) {
    handlers[name] = resource.endsWith('.waitForTaskToken')
      ? async (i) => tasks.waitForToken((i as Obj).Payload)
      : async (i) => ({ Payload: await tasks.invoke((i as Obj).Payload) });
  }
  const machine = new StateMachine(definition as never, { validationOptions: { checkPaths: false, checkArn: false } } as never);
  const execution = machine.run(input as never, { overrides: { taskResourceLocalHandlers: handlers }, context: { ...context, Task: { Token: `token-${context.Execution.Name}` } } } as never);
  const visited: string[] = [];
  const collect = (async () => {
    for await (const e of execution.eventLogs as AsyncIterable<{ type: string; state?: { name: string } }>) if (e.type === 'StateEntered' && e.state) visited.push(e.state.name);
  })();
  try {
    const output = await execution.result;
    await collect;
    return { status: 'SUCCEEDED', output, visited };
  } catch (err) {
    await collect.catch(() => {});
    const cause = (err as { cause?: Error }).cause ?? (err as Error);
    return { status: 'FAILED', error: cause.name, cause: cause.message, visited };
  }
}
