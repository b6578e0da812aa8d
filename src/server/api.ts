// The JSON API under /api/: runs, decisions, users and tokens, the audit journal, live events.
// Every route needs a user (Bearer token or browser session); writes by session need the CSRF header.
import { Hono } from 'hono';
import { runSummary } from '../pipeline/index.js';
import type { Role } from '../store/index.js';
import { addUserWithToken, AuthError, hasRole, issueToken, ROLES } from './auth.js';
import { decideRun, type Ctx, type HonoEnv, type ServerContext } from './context.js';
import { runDetail } from './run-details.js';
import { runEventStream, runsStream } from './sse.js';

function need(c: Ctx, role: Role) {
  const user = c.get('user');
  if (!user) throw new AuthError(401, 'UNAUTHENTICATED', 'a valid token is needed (Authorization: Bearer ...)');
  if (!hasRole(user.role, role)) throw new AuthError(403, 'FORBIDDEN_ROLE', `${user.name} is a ${user.role}; this needs the ${role} role`);
  return user;
}

async function jsonBody(c: Ctx): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) {
    const text = await c.req.text();
    if (text.trim() === '') return {};
    throw new AuthError(400, 'BAD_BODY', 'send a JSON body (Content-Type: application/json)');
  }
  try {
    const body = (await c.req.json()) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    throw new AuthError(400, 'BAD_BODY', 'the body is not valid JSON');
  }
}

const optString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function apiRoutes(sc: ServerContext): Hono<HonoEnv> {
  const api = new Hono<HonoEnv>();

  api.get('/me', (c) => {
    const user = need(c, 'viewer');
    return c.json({ name: user.name, role: user.role, ...(user.email ? { email: user.email } : {}) });
  });

  api.get('/runs', (c) => {
    need(c, 'viewer');
    const limit = Math.min(Number.parseInt(c.req.query('limit') ?? '50', 10) || 50, 500);
    return c.json({ runs: sc.store.listRuns({ limit }).map(runSummary) });
  });

  api.get('/events', (c) => {
    need(c, 'viewer');
    return runsStream(sc, c);
  });

  api.get('/runs/:id', (c) => {
    need(c, 'viewer');
    const detail = runDetail(sc.store, c.req.param('id'));
    if (!detail) throw new AuthError(404, 'UNKNOWN_RUN', `no run ${c.req.param('id')}`);
    return c.json(detail);
  });

  api.get('/runs/:id/events', (c) => {
    need(c, 'viewer');
    if (!sc.store.getRun(c.req.param('id'))) throw new AuthError(404, 'UNKNOWN_RUN', `no run ${c.req.param('id')}`);
    return runEventStream(sc, c, c.req.param('id'));
  });

  for (const [path, kind] of [['approve', 'approved'], ['reject', 'rejected']] as const) {
    api.post(`/runs/:id/${path}`, async (c) => {
      const user = need(c, 'viewer');
      const body = await jsonBody(c);
      decideRun(sc, user, c.req.param('id'), kind, optString(body.comment), c.get('via'));
      return c.json({ runId: c.req.param('id'), decision: kind, by: user.name }, 202);
    });
  }

  api.get('/audit', (c) => {
    need(c, 'viewer');
    return c.json({ entries: sc.store.listAudit({ limit: 500 }) });
  });

  api.get('/users', (c) => {
    need(c, 'admin');
    return c.json({ users: sc.store.listUsers(), tokens: sc.store.listTokens() });
  });

  api.post('/users', async (c) => {
    const admin = need(c, 'admin');
    const body = await jsonBody(c);
    const name = optString(body.name) ?? '';
    const role = (optString(body.role) ?? 'viewer') as Role;
    const email = optString(body.email);
    const created = addUserWithToken(sc.store, { name, role, ...(email ? { email } : {}) }, sc.random);
    sc.store.appendAudit({ actor: admin.name, action: 'user-add', target: name, outcome: 'ok', data: { role, tokenId: created.tokenId } });
    // The one response that carries a token: it is shown once and stored only as a hash.
    return c.json({ user: created.user, tokenId: created.tokenId, token: created.token }, 201);
  });

  // Sessions re-read their user on every request, so these take effect on a signed-in browser at once.
  api.patch('/users/:name', async (c) => {
    const admin = need(c, 'admin');
    const name = c.req.param('name');
    const role = optString((await jsonBody(c)).role) as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new AuthError(400, 'BAD_ROLE', `role must be one of ${ROLES.join(', ')}`);
    const before = sc.store.getUser(name);
    if (!before || !sc.store.setUserRole(name, role)) throw new AuthError(404, 'UNKNOWN_USER', `no user ${name}`);
    sc.store.appendAudit({ actor: admin.name, action: 'user-role', target: name, outcome: 'ok', data: { from: before.role, to: role } });
    return c.json({ user: sc.store.getUser(name) });
  });

  api.delete('/users/:name', (c) => {
    const admin = need(c, 'admin');
    const name = c.req.param('name');
    // An admin removing themselves could leave the server with nobody to manage it.
    if (name === admin.name) throw new AuthError(409, 'DELETE_SELF', 'an admin cannot delete their own user; ask another admin');
    if (!sc.store.deleteUser(name)) throw new AuthError(404, 'UNKNOWN_USER', `no user ${name}`);
    sc.store.appendAudit({ actor: admin.name, action: 'user-delete', target: name, outcome: 'ok' });
    return c.json({ user: name, deleted: true });
  });

  api.post('/users/:name/tokens', (c) => {
    const admin = need(c, 'admin');
    const name = c.req.param('name');
    if (!sc.store.getUser(name)) throw new AuthError(404, 'UNKNOWN_USER', `no user ${name}`);
    const { id, token } = issueToken(sc.store, name, sc.random);
    sc.store.appendAudit({ actor: admin.name, action: 'token-add', target: name, outcome: 'ok', data: { tokenId: id } });
    return c.json({ tokenId: id, token }, 201);
  });

  api.delete('/tokens/:id', (c) => {
    const admin = need(c, 'admin');
    const id = c.req.param('id');
    if (!sc.store.revokeToken(id)) throw new AuthError(404, 'UNKNOWN_TOKEN', `no live token ${id}`);
    sc.store.appendAudit({ actor: admin.name, action: 'token-revoke', target: id, outcome: 'ok' });
    return c.json({ tokenId: id, revoked: true });
  });

  return api;
}
