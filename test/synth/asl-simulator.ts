// A small Amazon States Language (JSONPath) interpreter for tests: enough of Pass, Task, Choice,
// Map, Succeed and Fail, paths, ResultSelector/ResultPath/OutputPath, Retry, Catch and Map failure
// tolerance to run the emitted state machines end to end, with tasks answered by the test.
// It checks the data flow between states (paths, loops, choices), which asl-validator cannot.

type Json = unknown;
type Obj = Record<string, unknown>;

export interface TaskInvoker {
  /** arn:aws:states:::lambda:invoke: the function's answer (throw an Error with `name` for a function error). */
  invoke(payload: Json): Promise<Json>;
  /** lambda:invoke.waitForTaskToken: the output SendTaskSuccess would send, or throw (SendTaskFailure). */
  waitForToken(payload: Json): Promise<Json>;
}

export interface SimulatedRun {
  status: 'SUCCEEDED' | 'FAILED';
  error?: string;
  cause?: string;
  output?: Json;
  /** State names in the order they were entered (Map iterations included). */
  visited: string[];
}

class StatesError extends Error {
  constructor(
    override readonly name: string,
    readonly cause_: string,
  ) {
    super(`${name}: ${cause_}`);
  }
}

interface Context {
  Execution: { Name: string; Id: string };
  Map?: { Item: { Value: Json; Index: number } };
  Task?: { Token: string };
}

function tokens(path: string): (string | number | '*')[] {
  const out: (string | number | '*')[] = [];
  for (const m of path.replace(/^\$\$?/, '').matchAll(/\.([^.[\]]+)|\[(\d+|\*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(m[2] === '*' ? '*' : Number(m[2]));
  }
  return out;
}

export function getPath(path: string, input: Json, ctx: Context): Json {
  let values: Json[] = [path.startsWith('$$') ? ctx : input];
  let many = false;
  for (const t of tokens(path)) {
    if (t === '*') {
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
      many = true;
      continue;
    }
    values = values.map((v) => {
      const next = v !== null && typeof v === 'object' ? (v as Obj)[String(t)] : undefined;
      if (next === undefined && !many) throw new StatesError('States.Runtime', `path ${path} not found`);
      return next;
    });
  }
  return many ? values : values[0];
}

function setPath(path: string | null | undefined, input: Json, result: Json): Json {
  if (path === null) return input;
  if (path === undefined || path === '$') return result;
  const keys = tokens(path).map(String);
  const root = structuredClone((input ?? {}) as Obj);
  let at = root;
  keys.slice(0, -1).forEach((k) => (at = (at[k] ??= {}) as Obj));
  at[keys[keys.length - 1] as string] = result;
  return root;
}

function intrinsic(expr: string, input: Json, ctx: Context): Json {
  const m = expr.match(/^States\.ArrayContains\((\S+),\s*(true|false)\)$/);
  if (!m) throw new Error(`intrinsic not simulated: ${expr}`);
  const list = getPath(m[1] as string, input, ctx);
  if (!Array.isArray(list)) throw new StatesError('States.Runtime', `${m[1]} is not an array`);
  return list.includes(m[2] === 'true');
}

export function evaluate(template: Json, input: Json, ctx: Context): Json {
  if (Array.isArray(template)) return template.map((v) => evaluate(v, input, ctx));
  if (template === null || typeof template !== 'object') return template;
  const out: Obj = {};
  for (const [k, v] of Object.entries(template as Obj)) {
    if (k.endsWith('.$')) out[k.slice(0, -2)] = String(v).startsWith('States.') ? intrinsic(String(v), input, ctx) : getPath(String(v), input, ctx);
    else out[k] = evaluate(v, input, ctx);
  }
  return out;
}

// As in Step Functions, States.Runtime (a path that is not there, ...) is caught by nothing, States.ALL included.
const matches = (errors: string[], name: string) =>
  name !== 'States.Runtime' && (errors.includes(name) || errors.includes('States.ALL') || (errors.includes('States.TaskFailed') && !name.startsWith('States.')));

function choose(state: Obj, input: Json, ctx: Context): string {
  for (const rule of (state.Choices as Obj[]) ?? []) {
    const value = getPath(String(rule.Variable), input, ctx);
    if ('StringEquals' in rule && value === rule.StringEquals) return String(rule.Next);
    if ('BooleanEquals' in rule && value === rule.BooleanEquals) return String(rule.Next);
  }
  if (!state.Default) throw new StatesError('States.NoChoiceMatched', 'no choice matched');
  return String(state.Default);
}

async function runTask(state: Obj, input: Json, ctx: Context, tasks: TaskInvoker): Promise<Json> {
  const params = evaluate(state.Parameters ?? input, input, { ...ctx, Task: { Token: `token-${ctx.Execution.Name}` } }) as Obj;
  const retry = ((state.Retry as Obj[]) ?? [])[0];
  for (let attempt = 0; ; attempt++) {
    try {
      if (state.Resource === 'arn:aws:states:::lambda:invoke') return { Payload: await tasks.invoke(params.Payload) };
      if (state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') return await tasks.waitForToken(params.Payload);
      throw new Error(`resource not simulated: ${String(state.Resource)}`);
    } catch (err) {
      const e = err as Error;
      if (!retry || attempt >= Number(retry.MaxAttempts) || !matches(retry.ErrorEquals as string[], e.name)) throw new StatesError(e.name || 'Error', e.message);
    }
  }
}

async function runMap(state: Obj, input: Json, ctx: Context, tasks: TaskInvoker, visited: string[]): Promise<Json> {
  const items = getPath(String(state.ItemsPath ?? '$'), input, ctx) as Json[];
  const processor = state.ItemProcessor as { StartAt: string; States: Record<string, Obj> };
  const results: Json[] = [];
  let failed = 0;
  let firstError: StatesError | undefined;
  for (const [index, item] of items.entries()) {
    const itemCtx: Context = { ...ctx, Map: { Item: { Value: item, Index: index } } };
    const itemInput = state.ItemSelector ? evaluate(state.ItemSelector, input, itemCtx) : item;
    const run = await runMachine(processor, itemInput, { Execution: ctx.Execution }, tasks, visited);
    if (run.status === 'FAILED') {
      failed++;
      firstError ??= new StatesError(run.error ?? 'Error', run.cause ?? '');
    }
    results.push(run.output ?? null);
  }
  if (failed > 0) {
    const distributed = (processor as { ProcessorConfig?: { Mode?: string } }).ProcessorConfig?.Mode === 'DISTRIBUTED';
    if (!distributed) throw firstError as StatesError;
    const count = Number(state.ToleratedFailureCount ?? (state.ToleratedFailurePercentage === undefined ? 0 : Infinity));
    const percent = Number(state.ToleratedFailurePercentage ?? 100);
    if (failed > count || (failed / items.length) * 100 > percent) throw new StatesError('States.ExceedToleratedFailureThreshold', `${failed} of ${items.length} items failed`);
  }
  return results;
}

/** Runs a state machine (or a Map's processor) to its end. */
export async function runMachine(machine: { StartAt: string; States: Record<string, Obj> }, input: Json, ctx: Context, tasks: TaskInvoker, visited: string[] = []): Promise<SimulatedRun> {
  let name = machine.StartAt;
  let data = input;
  for (let steps = 0; steps < 1000; steps++) {
    const state = machine.States[name];
    if (!state) throw new Error(`no state ${name}`);
    visited.push(name);
    try {
      const effective = state.InputPath ? getPath(String(state.InputPath), data, ctx) : data;
      let result: Json;
      switch (state.Type) {
        case 'Succeed':
          return { status: 'SUCCEEDED', output: data, visited };
        case 'Fail':
          // ErrorPath / CausePath re-raise an error caught earlier (kept in the state's input).
          return {
            status: 'FAILED',
            error: String(state.ErrorPath ? getPath(String(state.ErrorPath), data, ctx) : state.Error),
            cause: String(state.CausePath ? getPath(String(state.CausePath), data, ctx) : (state.Cause ?? '')),
            visited,
          };
        case 'Choice':
          name = choose(state, data, ctx);
          continue;
        case 'Pass':
          result = state.Result !== undefined ? state.Result : state.Parameters ? evaluate(state.Parameters, effective, ctx) : effective;
          break;
        case 'Task':
          result = await runTask(state, effective, ctx, tasks);
          break;
        case 'Map':
          result = await runMap(state, effective, ctx, tasks, visited);
          break;
        default:
          throw new Error(`state type not simulated: ${String(state.Type)}`);
      }
      if (state.ResultSelector) result = evaluate(state.ResultSelector, result, ctx);
      data = setPath(state.ResultPath as string | null | undefined, data, result);
      if (state.OutputPath) data = getPath(String(state.OutputPath), data, ctx);
      if (state.End) return { status: 'SUCCEEDED', output: data, visited };
      name = String(state.Next);
    } catch (err) {
      if (!(err instanceof StatesError)) throw err;
      const handler = ((state.Catch as Obj[]) ?? []).find((c) => matches(c.ErrorEquals as string[], err.name));
      if (!handler) return { status: 'FAILED', error: err.name, cause: err.cause_, visited };
      data = setPath(handler.ResultPath as string | null | undefined, data, { Error: err.name, Cause: err.cause_ });
      name = String(handler.Next);
    }
  }
  throw new Error('state machine did not end within 1000 steps');
}
