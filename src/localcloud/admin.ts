// The admin API under /_localcloud/ (JSON). Its paths and bodies are a contract with outside tests.
import { z } from 'zod';
import { AwsError } from './contract.js';
import type { OperationRecord } from './contract.js';
import type { WireRequest, WireResponse } from './protocol/http.js';
import type { Throttle } from './throttle.js';

export const ADMIN_PREFIX = '/_localcloud/';

export interface AdminDeps {
  reset(): void;
  operations(): OperationRecord[];
  throttle: Throttle;
  state(): unknown;
  injectFault(spec: unknown): void;
  editLive(spec: unknown): void;
}

const throttleBody = z.strictObject({
  fraction: z.number().min(0).max(1),
  region: z.string().min(1).optional(),
  service: z.enum(['cloudformation', 'sts', 'ssm', 's3', 'cloudwatch']).optional(),
});

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function bodyOf(req: WireRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new AwsError('InvalidRequest', 'The admin request body is not JSON');
  }
}

function route(req: WireRequest, deps: AdminDeps): WireResponse {
  const path = req.path.slice(ADMIN_PREFIX.length).replace(/\/$/, '');
  switch (`${req.method} ${path}`) {
    case 'POST reset':
      deps.reset();
      return json(200, { ok: true });
    case 'GET operations':
      return json(200, deps.operations());
    case 'POST faults':
      deps.injectFault(bodyOf(req));
      return json(200, { ok: true });
    case 'POST throttle': {
      const parsed = throttleBody.safeParse(bodyOf(req));
      if (!parsed.success) {
        throw new AwsError('InvalidRequest', `Bad throttle body: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
      }
      deps.throttle.set(parsed.data);
      return json(200, { ok: true, rules: deps.throttle.list() });
    }
    case 'GET throttle':
      return json(200, { rules: deps.throttle.list(), throttled: deps.throttle.throttled });
    case 'POST live':
      deps.editLive(bodyOf(req));
      return json(200, { ok: true });
    case 'GET state':
      return json(200, deps.state());
    default:
      return json(404, { code: 'NotFound', message: `${req.method} ${req.path} is not an admin endpoint of localcloud` });
  }
}

/** Answers an admin request; bad bodies get `{ code, message }` with the error's status. */
export function handleAdmin(req: WireRequest, deps: AdminDeps): WireResponse {
  try {
    return route(req, deps);
  } catch (err) {
    if (err instanceof AwsError) return json(err.status, { code: err.code, message: err.message });
    return json(500, { code: 'InternalFailure', message: (err as Error).message });
  }
}
