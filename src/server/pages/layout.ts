// The page frame: header with navigation and who is signed in, a skip link, a live region for
// announcements, and the stylesheet and script served by this server (works offline, no CDN).
import type { UserRecord } from '../../store/index.js';
import { html, type SafeHtml } from '../html.js';

export interface PageFrame {
  title: string;
  user?: UserRecord;
  csrf?: string;
  /** `data-*` attributes on <main> that the client script reads (live updates). */
  mainAttrs?: Record<string, string>;
}

export function layout(frame: PageFrame, body: SafeHtml): SafeHtml {
  const attrs = Object.entries(frame.mainAttrs ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · Meridian</title>
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/dashboard.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/">Meridian</a>
  ${frame.user
    ? html`<nav aria-label="Main"><a href="/">Runs</a> <a href="/audit">Audit log</a>${frame.user.role === 'admin' ? html` <a href="/users">Users</a>` : ''}</nav>
  <form class="who" method="post" action="/logout"><input type="hidden" name="_csrf" value="${frame.csrf ?? ''}"><span>${frame.user.name} (${frame.user.role})</span> <button type="submit">Sign out</button></form>`
    : ''}
</header>
<main id="main"${attrs}>
${body}
</main>
<div id="announce" class="visually-hidden" aria-live="polite"></div>
</body>
</html>`;
}

const STATUS_LABEL: Record<string, string> = {
  'awaiting-approval': 'awaiting approval',
  'no-changes': 'no changes',
  'rolled-back': 'rolled back',
  'not-started': 'not started',
};

/** A status as text and colour (the text alone carries the meaning). */
export const badge = (status: string): SafeHtml => html`<span class="badge s-${status}">${STATUS_LABEL[status] ?? status}</span>`;
