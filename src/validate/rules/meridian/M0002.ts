// A NoEcho parameter's value written in meridian.yaml: the secret sits in clear in the repository
// (and its history) for anyone who can read it. Meridian masks it in what it stores, but the
// repository is the user's to fix. Findings come from pipeline-config/clear-secrets.ts, which reads
// meridian.yaml and the templates; the rule here is its description.
import { meridianRule } from '../define.js';

export const M0002 = meridianRule({
  id: 'M0002',
  severity: 'warning',
  shortDescription: 'NoEcho parameter value in clear in meridian.yaml',
  description: 'A parameter the template declares NoEcho gets its value from the environment ({ env: NAME }) or SSM ({ ssm: { name } }), not written in meridian.yaml.',
  tags: ['secrets', 'meridian.yaml'],
  check: () => [],
});

/** The message of an M0002 finding. */
export function m0002Message(stack: string, parameter: string): string {
  return `Parameter ${parameter} of stack ${stack} is NoEcho, but its value is written in clear in meridian.yaml (and kept in the repository's history); read it from the environment ({ env: NAME }) or SSM ({ ssm: { name: /path } }) instead`;
}
