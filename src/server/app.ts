// The HTTP application: security headers, secret scrubbing of every body, who is asking (token or
// session), CSRF on state-changing requests made with a session, then the API, webhooks and pages.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie } from 'hono/cookie';
import { apiRoutes } from './api.js';
import { AuthError, safeEqual, userForToken } from './auth.js';
import type { Ctx, HonoEnv, ServerContext } from './context.js';
import { html } from './html.js';
import { pageRoutes, SESSION_COOKIE } from './pages/routes.js';
import { refreshMirror } from './mirror.js';
import { judgePush, lastCommitFor } from './push-policy.js';
import { handleWebhook, type WebhookSource } from './webhooks.js';

const SECURITY_HEADERS: Record<string, string> = {
  // Scripts and styles come from this server only: no CDN, no inline script.
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function buildApp(sc: ServerContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
    const type = c.res.headers.get('content-type') ?? '';
    if (sc.secrets.size && !type.includes('text/event-stream') && /json|html|text/.test(type)) {
      const text = await c.res.text();
      c.res = new Response(sc.secrets.scrub(text), { status: c.res.status, headers: c.res.headers });
    }
  });

  // Bodies are bounded before anything reads them. GitHub caps webhook payloads at 25 MB; pushes
  // that matter here are far smaller, and forms and API calls are tiny.
  // The rest of the body is never read, so the connection cannot be reused: say so.
  const tooLarge = (c: Ctx) => c.json({ error: { code: 'BODY_TOO_LARGE', message: 'the request body is too large' } }, 413, { connection: 'close' });
  const webhookLimit = bodyLimit({ maxSize: 5 * 1024 * 1024, onError: tooLarge });
  const formLimit = bodyLimit({ maxSize: 256 * 1024, onError: tooLarge });
  app.use('*', (c, next) => (c.req.path.startsWith('/webhooks/') ? webhookLimit(c, next) : formLimit(c, next)));

  // Who is asking: a Bearer token wins over a session cookie.
  app.use('*', async (c, next) => {
    // Webhooks prove themselves with their signature, never with a user's credentials.
    if (c.req.path.startsWith('/webhooks/')) return next();
    const auth = c.req.header('authorization');
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const user = m?.[1] ? userForToken(sc.store, m[1]) : undefined;
      if (!user) throw new AuthError(401, 'INVALID_TOKEN', 'the token is unknown, revoked or malformed');
      c.set('user', user);
      c.set('via', 'token');
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      const found = sc.sessions.resolve(cookie);
      if (found) {
        c.set('user', found.user);
        c.set('session', found.session);
        c.set('via', 'session');
      } else if (cookie !== undefined) {
        // Expired, revoked or unknown: the request goes on unauthenticated, and the browser forgets it.
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    await next();
  });

  // CSRF: a request riding on the session cookie must prove it came from our own page.
  app.use('*', async (c, next) => {
    const session = c.get('session');
    // /login has its own double-submit check (a signed-in user may sign in as someone else).
    if (c.get('via') === 'session' && session && !SAFE_METHODS.has(c.req.method) && c.req.path !== '/login') {
      let sent = c.req.header('x-csrf-token');
      if (!sent && /application\/x-www-form-urlencoded|multipart\/form-data/.test(c.req.header('content-type') ?? '')) {
        const form = await c.req.parseBody();
        sent = typeof form._csrf === 'string' ? form._csrf : undefined;
      }
      if (!sent || !safeEqual(sent, session.csrf)) {
        sc.store.appendAudit({ actor: session.userName, action: `${c.req.method} ${c.req.path}`, outcome: 'refused', data: { code: 'CSRF' } });
        throw new AuthError(403, 'CSRF', 'the form is missing its CSRF token or it does not match; reload the page and try again');
      }
    }
    await next();
  });

  app.get('/healthz', (c) => c.json({ ok: true, worker: { busy: sc.worker.busy } }));

  app.route('/api', apiRoutes(sc));

  for (const source of ['github', 'gitlab'] as const satisfies readonly WebhookSource[]) {
    app.post(`/webhooks/${source}`, async (c) => {
      const config = sc.config();
      const secretEnv = config?.server.webhookSecret?.env;
      const body = await c.req.text();
      const outcome = handleWebhook(source, { secret: secretEnv ? sc.env[secretEnv] : undefined, branch: sc.branch(), headers: (n) => c.req.header(n), body, store: sc.store });
      if (outcome.kind === 'refused') {
        sc.log('warn', `webhook ${source} refused: ${outcome.code}`);
        return c.json({ error: { code: outcome.code, message: outcome.message } }, outcome.status);
      }
      if (outcome.kind === 'ignored') return c.json({ accepted: false, code: outcome.code, reason: outcome.reason }, 202);
      const { branch, commit } = outcome;
      const delivery = outcome.deliveryId ? ` (delivery ${outcome.deliveryId})` : '';
      let verdict = await judgePush(sc.repo, branch, commit, lastCommitFor(sc.store, branch));
      // A mirror may not have fetched the push yet: fetch once, then judge again.
      if (verdict.kind === 'unknown' && (await refreshMirror(sc.repo)).kind === 'fetched') verdict = await judgePush(sc.repo, branch, commit, lastCommitFor(sc.store, branch));
      if (verdict.kind === 'unknown') {
        // Nothing happened, so the same signed delivery may come again once the commit is here.
        sc.store.forgetDelivery(source, outcome.key);
        sc.log('warn', `webhook ${source} push ${commit.slice(0, 12)} on ${branch}${delivery}: ${verdict.code}`);
        return c.json({ accepted: false, error: { code: verdict.code, message: verdict.reason } }, 422);
      }
      if (verdict.kind === 'ignored') {
        sc.log('info', `webhook ${source} push ${commit.slice(0, 12)} on ${branch}${delivery} ignored: ${verdict.code}`);
        return c.json({ accepted: false, code: verdict.code, reason: verdict.reason, commit }, 202);
      }
      sc.log('info', `webhook ${source} push ${commit.slice(0, 12)} on ${branch}${delivery}`);
      void sc.worker.checkNow(`${source} push`, commit);
      return c.json({ accepted: true, commit }, 202);
    });
  }

  app.route('/', pageRoutes(sc));

  app.onError((err, c) => {
    const wantsHtml = !c.req.path.startsWith('/api/') && !c.req.path.startsWith('/webhooks/') && (c.req.header('accept') ?? '').includes('text/html');
    if (err instanceof AuthError) {
      if (wantsHtml && err.status === 401) return c.redirect('/login');
      if (wantsHtml) {
        const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${err.status} · Meridian</title><link rel="stylesheet" href="/assets/dashboard.css"></head><body><main id="main"><h1>${err.status} ${err.code}</h1><p role="alert">${err.message}</p><p><a href="/">Back to runs</a></p></main></body></html>`;
        return c.html(page.value, err.status);
      }
      return c.json({ error: { code: err.code, message: err.message } }, err.status);
    }
    const e = err as Error & { code?: string };
    sc.log('error', `${c.req.method} ${c.req.path}: ${e.code ? `${e.code}: ` : ''}${e.message}`);
    return c.json({ error: { code: 'INTERNAL', message: 'internal error; see the server log' } }, 500);
  });

  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  return app;
}
