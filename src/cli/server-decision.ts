// `meridian approve|reject RUN --server URL`: the decision goes to a Meridian server's API, which
// decides as the user its token belongs to (its role, the approver list and no self-approval checked
// there) and carries the run on in its worker. The token comes from MERIDIAN_TOKEN, never a flag, so
// it stays out of shell history and process listings.
import { UsageError } from './exit-codes.js';

export interface ServerDecision {
  runId: string;
  decision: 'approved' | 'rejected';
  by: string;
}

type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; text(): Promise<string> }>;

/** Posts the decision; a refusal the user can act on (token, role, approver list, run state) is a UsageError. */
export async function decideThroughServer(
  server: string,
  runId: string,
  decision: { kind: 'approved' | 'rejected'; comment?: string },
  token: string | undefined,
  fetchFn: Fetch = fetch,
): Promise<ServerDecision> {
  if (!token) throw new UsageError('--server needs a token: set MERIDIAN_TOKEN to an API token of yours (`meridian users token NAME` on the server)');
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new UsageError(`--server ${server} is not a URL such as http://meridian.internal:8080`);
  }
  const url = new URL(`api/runs/${encodeURIComponent(runId)}/${decision.kind === 'approved' ? 'approve' : 'reject'}`, base.href.endsWith('/') ? base : `${base.href}/`);
  const res = await fetchFn(url.href, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(decision.comment ? { comment: decision.comment } : {}),
  }).catch((err: unknown) => {
    throw new Error(`cannot reach the Meridian server at ${base.origin}: ${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`);
  });
  const text = await res.text();
  const body = (() => {
    try {
      return JSON.parse(text) as { error?: { code?: string; message?: string }; by?: string };
    } catch {
      return {};
    }
  })();
  if (res.status >= 400) {
    const why = body.error ? `${body.error.code ?? 'ERROR'}: ${body.error.message ?? ''}` : `HTTP ${res.status}`;
    if (res.status < 500) throw new UsageError(`the server at ${base.origin} refused: ${why}`);
    throw new Error(`the server at ${base.origin} failed: ${why}`);
  }
  return { runId, decision: decision.kind, by: body.by ?? '' };
}
