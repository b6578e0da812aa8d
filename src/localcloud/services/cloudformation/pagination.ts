// CloudFormation's list actions answer in pages with an opaque NextToken. localcloud pages too, so
// the callers' page loops (src/cloud's event streaming, change set and drift readers, the AWS CLI,
// SDK paginators) run here as they do against AWS, instead of always seeing one page.
import type { QueryParams } from '../../contract.js';
import { AwsError } from '../../contract.js';

/** Items per page. AWS does not document its sizes; 100 is what DescribeStackEvents and ListStacks return. */
export const PAGE_SIZE = 100;

interface Token {
  /** The key of the last item of the previous page: lists that grow at the front (events, newest first) stay aligned. */
  after: string;
}

function decode(raw: string): Token {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Token>;
    if (typeof token.after === 'string') return { after: token.after };
  } catch {
    // reported below
  }
  throw new AwsError('ValidationError', 'Invalid NextToken');
}

/**
 * One page of `items` (in answer order) after the item the request's NextToken names, and the
 * token for the page after it. `size` is MaxResults where the action takes one.
 */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, params: QueryParams, size = PAGE_SIZE): { items: T[]; nextToken?: string } {
  let start = 0;
  if (params.NextToken !== undefined) {
    const { after } = decode(params.NextToken);
    const at = items.findIndex((item) => keyOf(item) === after);
    // The anchor left the list (a stack deleted between pages): AWS also refuses a stale token.
    if (at < 0) throw new AwsError('ValidationError', 'Invalid NextToken');
    start = at + 1;
  }
  const page = items.slice(start, start + size);
  const last = page[page.length - 1];
  if (start + size >= items.length || last === undefined) return { items: page };
  return { items: page, nextToken: Buffer.from(JSON.stringify({ after: keyOf(last) }), 'utf8').toString('base64url') };
}

/** MaxResults of actions that take one (1..100), else the default page size. */
export function maxResults(params: QueryParams, max = PAGE_SIZE): number {
  if (params.MaxResults === undefined) return max;
  const n = Number(params.MaxResults);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${params.MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  return n;
}
