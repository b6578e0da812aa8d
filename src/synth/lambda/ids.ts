// Change set names and request tokens derived from the execution and the step, in the local engine's
// format, so a repeated invocation (retry, time-out continuation) re-attaches instead of starting twice.
import { createHash } from 'node:crypto';

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

/** ClientRequestToken: [a-zA-Z0-9][-a-zA-Z0-9]*, at most 128 characters. */
export function clientToken(runId: string, stepKey: string, purpose: string): string {
  return `m-${short(runId)}-${purpose}-${short(stepKey)}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 128);
}

/** Change set names: [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters, unique per run and region. */
export function changeSetName(runId: string, purpose: string, region: string): string {
  return `meridian-${short(runId)}-${purpose}-${region}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 128);
}
