// Run ids, idempotency tokens and change set names, derived from the run and the step so that a
// resumed step sends the same token and re-attaches to the operation it started.
import { createHash } from 'node:crypto';

/** A sortable, readable run id from a time and a random suffix, e.g. r20261122T195500-3fa9. */
export function makeRunId(nowMs: number, random: () => number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const suffix = Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `r${stamp}-${suffix}`;
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

/** ClientRequestToken: [a-zA-Z0-9][-a-zA-Z0-9]*, at most 128 characters, stable per run x step x purpose. */
export function clientToken(runId: string, stepKey: string, purpose: string): string {
  return `m-${runId}-${purpose}-${short(stepKey)}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 128);
}

/** Change set names are unique per run and region: [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters. */
export function changeSetName(runId: string, purpose: string, region: string): string {
  return `meridian-${runId}-${purpose}-${region}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 128);
}
