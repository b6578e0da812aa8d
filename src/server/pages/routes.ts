// The dashboard's routes: sign in by token into a cookie session, runs list, run page (and its live
// fragment), decisions from the form, audit log, users (admin), and the static assets.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../store/index.js';
import { addUserWithToken, AuthError, hasRole, ROLES, safeEqual, tokenForSecret } from '../auth.js';
import { decideRun, type Ctx, type HonoEnv, type ServerContext } from '../context.js';
import { html, type SafeHtml } from '../html.js';
import { runDetail } from '../run-details.js';
import { DASHBOARD_CSS, DASHBOARD_JS } from './assets.js';
import { layout } from './layout.js';
import { auditSection, runLive, runPage } from './run-page.js';
import { runsPage, runsTable } from './runs-page.js';
import { runFacts } from './run-facts.js';
import { faviconIco } from './favicon.js';

export const SESSION_COOKIE = 'meridian_session';
const LOGIN_COOKIE = 'meridian_login';

function signedIn(c: Ctx) {
  const user = c.get('user');
  if (!user) throw new AuthError(401, 'UNAUTHENTICATED', 'sign in first');
  return user;
}

const secure = (c: Ctx) => new URL(c.req.url).protocol === 'https:';

function page(c: Ctx, title: string, body: SafeHtml, status: 200 | 201 | 400 | 401 = 200) {
  const session = c.get('session');
  const user = c.get('user');
  return c.html(layout({ title, ...(user ? { user } : {}), ...(session ? { csrf: session.csrf } : {}) }, body).value, status);
}

function loginForm(c: Ctx, sc: ServerContext, error?: string) {
  const nonce = sc.random(18).toString('base64url');
  setCookie(c, LOGIN_COOKIE, nonce, { httpOnly: true, sameSite: 'Strict', path: '/login', secure: secure(c), maxAge: 1800 });
  return page(
    c,
    'Sign in',
    html`<h1>Sign in</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login" class="login">
<input type="hidden" name="_csrf" value="${nonce}">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="off" required autofocus>
<p class="hint">An admin creates your token with <code>meridian users add NAME --role ROLE</code>.</p>
<button type="submit">Sign in</button>
</form>`,
    error ? 401 : 200,
  );
}

export function pageRoutes(sc: ServerContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();

  app.get('/assets/dashboard.css', (c) => c.body(DASHBOARD_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/assets/dashboard.js', (c) => c.body(DASHBOARD_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));

  // Public like the stylesheet: browsers ask for it before anyone signs in.
  app.get('/favicon.ico', (c) => c.body(new Uint8Array(faviconIco()), 200, { 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400' }));

  app.get('/login', (c) => loginForm(c, sc));
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const nonce = getCookie(c, LOGIN_COOKIE);
    if (!nonce || typeof form._csrf !== 'string' || !safeEqual(form._csrf, nonce)) return loginForm(c, sc, 'The sign-in form expired; try again.');
    const found = typeof form.token === 'string' ? tokenForSecret(sc.store, form.token.trim()) : undefined;
    if (!found) {
      sc.store.appendAudit({ actor: 'anonymous', action: 'login', outcome: 'refused', data: { code: 'INVALID_TOKEN' } });
      return loginForm(c, sc, 'That token is unknown or revoked.');
    }
    const { cookie } = sc.sessions.create(found.tokenId, found.user.name);
    sc.store.appendAudit({ actor: found.user.name, action: 'login', outcome: 'ok', data: { tokenId: found.tokenId } });
    deleteCookie(c, LOGIN_COOKIE, { path: '/login' });
    setCookie(c, SESSION_COOKIE, cookie, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secure(c), maxAge: Math.floor(sc.sessions.policy.absoluteMs / 1000) });
    return c.redirect('/', 303);
  });
  app.post('/logout', (c) => {
    const session = c.get('session');
    if (session) {
      sc.sessions.end(session);
      sc.store.appendAudit({ actor: session.userName, action: 'logout', outcome: 'ok' });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  app.get('/', (c) => {
    signedIn(c);
    return page(c, 'Runs', runsPage(sc.store));
  });
  app.get('/runs-table', (c) => {
    signedIn(c);
    return c.html(runsTable(sc.store).value);
  });

  app.get('/runs/:id', (c) => {
    const user = signedIn(c);
    const d = runDetail(sc.store, c.req.param('id'));
    if (!d) throw new AuthError(404, 'UNKNOWN_RUN', `no run ${c.req.param('id')}`);
    return page(c, `Run ${d.id}`, runPage(d, user, c.get('session')?.csrf ?? '', sc.store.listAudit({ target: d.id }), runFacts(sc.store, d.id)));
  });
  app.get('/runs/:id/live', (c) => {
    signedIn(c);
    const d = runDetail(sc.store, c.req.param('id'));
    if (!d) throw new AuthError(404, 'UNKNOWN_RUN', `no run ${c.req.param('id')}`);
    return c.html(runLive(d).value, 200, { 'x-run-status': d.status });
  });
  app.post('/runs/:id/decide', async (c) => {
    const user = signedIn(c);
    const form = await c.req.parseBody();
    const kind = form.decision === 'approve' ? 'approved' : form.decision === 'reject' ? 'rejected' : undefined;
    if (!kind) throw new AuthError(400, 'BAD_DECISION', 'decision must be approve or reject');
    const comment = typeof form.comment === 'string' && form.comment.trim() ? form.comment.trim() : undefined;
    decideRun(sc, user, c.req.param('id'), kind, comment);
    return c.redirect(`/runs/${encodeURIComponent(c.req.param('id'))}`, 303);
  });

  app.get('/audit', (c) => {
    signedIn(c);
    return page(c, 'Audit log', html`<h1>Audit log</h1>${auditSection(sc.store.listAudit({ limit: 500 }).map((a) => (a.target ? { ...a, action: `${a.action} ${a.target}` } : a)))}`);
  });

  const usersBody = (created?: { name: string; token: string }) => html`<h1>Users</h1>
${created ? html`<div class="created" role="status"><p>User <strong>${created.name}</strong> created. Their token is shown once; copy it now:</p><p><code class="token">${created.token}</code></p></div>` : ''}
<table><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th></tr></thead><tbody>
${sc.store.listUsers().map((u) => html`<tr><td>${u.name}</td><td>${u.email ?? ''}</td><td>${u.role}</td><td>${u.createdAt}</td></tr>`)}
</tbody></table>
<h2>Add a user</h2>`;
  const addForm = (csrf: string) => html`<form method="post" action="/users" class="add-user"><input type="hidden" name="_csrf" value="${csrf}">
<label for="name">Name</label><input id="name" name="name" required>
<label for="email">Email (the approver identity)</label><input id="email" name="email" type="email">
<label for="role">Role</label><select id="role" name="role">${ROLES.map((r) => html`<option value="${r}">${r}</option>`)}</select>
<button type="submit">Add user</button></form>`;
  app.get('/users', (c) => {
    const user = signedIn(c);
    if (!hasRole(user.role, 'admin')) throw new AuthError(403, 'FORBIDDEN_ROLE', 'only admins manage users');
    return page(c, 'Users', html`${usersBody()}${addForm(c.get('session')?.csrf ?? '')}`);
  });
  app.post('/users', async (c) => {
    const user = signedIn(c);
    if (!hasRole(user.role, 'admin')) throw new AuthError(403, 'FORBIDDEN_ROLE', 'only admins manage users');
    const form = await c.req.parseBody();
    const name = String(form.name ?? '').trim();
    const email = String(form.email ?? '').trim();
    const role = String(form.role ?? 'viewer') as Role;
    const created = addUserWithToken(sc.store, { name, role, ...(email ? { email } : {}) }, sc.random);
    sc.store.appendAudit({ actor: user.name, action: 'user-add', target: name, outcome: 'ok', data: { role, tokenId: created.tokenId } });
    return page(c, 'Users', html`${usersBody({ name, token: created.token })}${addForm(c.get('session')?.csrf ?? '')}`, 201);
  });

  return app;
}
