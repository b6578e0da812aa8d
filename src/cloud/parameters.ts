// SSM parameters Meridian reads (cross-region values) and writes (the last approved artifact record).
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { CloudTarget } from './clients.js';
import { clientsOf, send, type CloudDeps } from './cloud-deps.js';
import { errorCode } from './retry-policy.js';

/** The value of an SSM parameter, or undefined when it does not exist. */
export async function getParameter(deps: CloudDeps, target: CloudTarget, name: string): Promise<string | undefined> {
  const { ssm } = clientsOf(deps, target);
  try {
    const out = await send(deps, () => ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })));
    return out.Parameter?.Value;
  } catch (err) {
    if (errorCode(err) === 'ParameterNotFound') return undefined;
    throw err;
  }
}

/** Writes (overwriting) a String parameter; returns its new version. */
export async function putParameter(deps: CloudDeps, target: CloudTarget, name: string, value: string, description?: string): Promise<number> {
  const { ssm } = clientsOf(deps, target);
  const out = await send(deps, () => ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true, Description: description })));
  return out.Version ?? 0;
}
