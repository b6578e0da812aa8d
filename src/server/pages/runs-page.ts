// The runs list: newest first, with status, commit, author and message; live through /api/events.
import { runSummary } from '../../pipeline/index.js';
import type { Store } from '../../store/index.js';
import { html, type SafeHtml } from '../html.js';
import { badge } from './layout.js';

/** Why a run that did not succeed ended as it did (failed, rejected, superseded ...); empty otherwise. */
function endReason(r: { status: string; reason?: string }): string {
  if (!r.reason || r.status === 'succeeded' || r.status === 'no-changes') return '';
  // Long reasons (a list of validation findings) stay readable in a table cell; the run page has all of it.
  return r.reason.length > 160 ? `${r.reason.slice(0, 157)}…` : r.reason;
}

export function runsTable(store: Store): SafeHtml {
  const runs = store.listRuns({ limit: 100 }).map(runSummary);
  if (runs.length === 0) return html`<p>No runs yet. The server starts one when the watched branch gets a new commit.</p>`;
  return html`<table class="runs">
<caption class="visually-hidden">Runs, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Commit</th><th scope="col">Author</th><th scope="col">Message</th><th scope="col">Started</th><th scope="col">Reason</th></tr></thead>
<tbody>
${runs.map(
  (r) => html`<tr><td><a href="/runs/${encodeURIComponent(r.id)}">${r.id}</a></td><td>${badge(r.status)}</td><td><code>${r.commit.slice(0, 12)}</code></td><td>${r.author ?? ''}</td><td>${r.message ?? ''}</td><td><time datetime="${r.createdAt}">${r.createdAt.replace('T', ' ').slice(0, 19)}</time></td><td class="reason">${endReason(r)}</td></tr>\n`,
)}
</tbody></table>`;
}

export function runsPage(store: Store): SafeHtml {
  return html`<h1>Runs</h1><div id="runs-live" data-live-runs="1">${runsTable(store)}</div>`;
}
