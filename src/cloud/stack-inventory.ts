// What lives in a region beyond the stacks a config names: every live stack (to find those a
// pipeline made and no longer configures) and who imports a stack's exports (to delete in order).
import { DescribeStacksCommand, ListImportsCommand } from '@aws-sdk/client-cloudformation';
import type { CloudTarget } from './clients.js';
import { clientsOf, send, type CloudDeps } from './cloud-deps.js';
import { errorCode } from './retry-policy.js';
import { summaryOf, type StackSummary } from './stacks.js';

/** Pages read at most (100 stacks a page on AWS): an account with more is beyond what one scan covers. */
const MAX_PAGES = 50;

/** Every stack of the region that is not deleted, oldest first as DescribeStacks lists them. */
export async function listLiveStacks(deps: CloudDeps, target: CloudTarget): Promise<StackSummary[]> {
  const { cloudformation } = clientsOf(deps, target);
  const out: StackSummary[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await send(deps, () => cloudformation.send(new DescribeStacksCommand({ NextToken: token })));
    for (const s of res.Stacks ?? []) if (s.StackStatus !== 'DELETE_COMPLETE') out.push(summaryOf(s));
    token = res.NextToken;
    if (!token) break;
  }
  return out;
}

/** The names of the stacks importing export `exportName`; none when nothing imports it. */
export async function importersOf(deps: CloudDeps, target: CloudTarget, exportName: string): Promise<string[]> {
  const { cloudformation } = clientsOf(deps, target);
  const out: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    try {
      const res = await send(deps, () => cloudformation.send(new ListImportsCommand({ ExportName: exportName, NextToken: token })));
      out.push(...(res.Imports ?? []));
      token = res.NextToken;
    } catch (err) {
      // AWS answers "Export 'X' is not imported by any stack." as a ValidationError.
      if (errorCode(err) === 'ValidationError' && /not imported/i.test((err as Error).message)) return out;
      throw err;
    }
    if (!token) break;
  }
  return out;
}
