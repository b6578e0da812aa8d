// The run page: what changes where (per-region change-set previews with replacements, IAM and
// security-group changes picked out), drift, validation findings with file:line, the stage x region
// graph (live), the approval form, and this run's audit entries.
import type { StackPreview } from '../../pipeline/index.js';
import type { AuditRecord, UserRecord } from '../../store/index.js';
import { hasRole } from '../auth.js';
import { html, type SafeHtml } from '../html.js';
import { ALL, type DriftDetail, type Finding, type RunDetail } from '../run-details.js';
import { badge } from './layout.js';
import type { RunFacts } from './run-facts.js';

/** The part of the page that the client script refreshes as events arrive. */
export function runLive(d: RunDetail): SafeHtml {
  const columns = [ALL, ...d.regions];
  return html`<p class="status">Status: ${badge(d.status)}${d.reason ? html` <span class="reason">${d.reason}</span>` : ''}</p>
${d.approval ? html`<p class="decision">${d.approval.decision === 'approved' ? 'Approved' : 'Rejected'} by <strong>${d.approval.by}</strong> at <time datetime="${d.approval.at}">${d.approval.at}</time>${d.approval.comment ? html`: “${d.approval.comment}”` : ''}</p>` : ''}
<table class="graph" aria-label="Stages by region">
<thead><tr><th scope="col">Stage</th>${columns.map((r) => html`<th scope="col">${r}</th>`)}</tr></thead>
<tbody>
${d.graph.stages.map(
  (stage) => html`<tr data-stage="${stage}"><th scope="row">${stage}</th>${columns.map((r) => {
    const s = d.graph.cells[stage]?.[r];
    return html`<td data-region="${r}" data-status="${s ?? ''}">${s ? badge(s) : html`<span class="none" aria-label="no step">–</span>`}</td>`;
  })}</tr>\n`,
)}
</tbody></table>
<details class="events"><summary>Event journal (${d.events.length})</summary><ol>
${d.events.slice(-200).map((e) => html`<li><time datetime="${e.time}">${e.time.slice(11, 19)}</time> ${e.type}${eventText(e.data)}</li>`)}
</ol></details>`;
}

function eventText(data: Record<string, unknown>): string {
  const where = [data.stage, data.region, data.stack].filter((x) => typeof x === 'string').join(' ');
  const what = [data.outcome, data.status, data.summary, data.message, data.reason].filter((x) => typeof x === 'string').join(' · ');
  return `${where ? ` [${where}]` : ''}${what ? ` ${what}` : ''}`;
}

/** One line per region: what approving deploys there, with the risky parts called out. */
function changeSummary(d: RunDetail): SafeHtml {
  const rows = d.regions.map((region) => {
    const here = d.previews.filter((p) => p.region === region && p.kind === 'changes');
    const sum = (k: 'adds' | 'modifies' | 'removes' | 'replacements') => here.reduce((n, p) => n + p[k], 0);
    const risky = [sum('replacements') ? `${sum('replacements')} replaced` : '', here.some((p) => p.iam) ? 'IAM' : '', here.some((p) => p.securityGroups) ? 'security groups' : ''].filter(Boolean);
    return html`<li><strong>${region}</strong>: ${here.length ? html`${here.map((p) => p.stack).join(', ')} (+${sum('adds')} ~${sum('modifies')} −${sum('removes')})${risky.length ? html` <strong class="warn">⚠ ${risky.join(', ')}</strong>` : ''}` : 'no changes'}</li>`;
  });
  return html`<p>Approving deploys:</p><ul class="summary">${rows}</ul>`;
}

function approvalSection(d: RunDetail, user: UserRecord, csrf: string): SafeHtml {
  if (!d.waiting) return html``;
  const approvers = d.waiting.approvers.length ? d.waiting.approvers.join(', ') : 'anyone with the approver role except the commit author';
  const canDecide = hasRole(user.role, 'approver');
  return html`<section class="approval" aria-labelledby="approval-h">
<h2 id="approval-h">Approval needed</h2>
<p>Approvers: ${approvers}.${d.waiting.timeoutAt ? html` Times out at <time datetime="${d.waiting.timeoutAt}">${d.waiting.timeoutAt}</time>.` : ''}</p>
${changeSummary(d)}
${driftNotice(d.drift)}
${canDecide
  ? html`<form method="post" action="/runs/${encodeURIComponent(d.id)}/decide" class="decide">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="comment">Comment (optional)</label>
<textarea id="comment" name="comment" rows="3" maxlength="2000"></textarea>
<div class="buttons"><button type="submit" name="decision" value="approve" class="approve">Approve and deploy</button>
<button type="submit" name="decision" value="reject" class="reject">Reject</button></div>
</form>`
  : html`<p class="note">You are signed in as a ${user.role}: only approvers and admins can decide.</p>`}
</section>`;
}

/** Drift found in any region is part of what an approver decides on (with onDrift: warn the run goes on). */
function driftNotice(reports: DriftDetail[]): SafeHtml {
  const drifted = reports.filter((r) => r.drifted.length);
  const unchecked = reports.filter((r) => !r.drifted.length && r.notChecked.length);
  if (!drifted.length && !unchecked.length) return html``;
  return html`<div class="drift-notice" role="note">
${drifted.length ? html`<p><strong class="warn">⚠ Drift found</strong> in ${drifted.map((r) => html`<strong>${r.region}</strong> (${r.stackName}: ${r.drifted.map((x) => x.logicalId).join(', ')})`)}: approving deploys over the hand-made change. See the <a href="#drift-h">drift report</a>.</p>` : ''}
${unchecked.length ? html`<p>Drift could not be checked for ${unchecked.map((r) => html`${r.stackName} in ${r.region} `)}(resources NOT_CHECKED).</p>` : ''}
</div>`;
}

/** The rollout order: waves in turn, regions within a wave up to maxConcurrent at once. */
function waveOrder(facts: RunFacts): SafeHtml {
  if (!facts.waves.length) return html``;
  return html`<section aria-labelledby="waves-h"><h2 id="waves-h">Rollout order</h2>
<ol class="waves">${facts.waves.map(
    (w) => html`<li data-wave="${String(w.wave)}"><strong>Wave ${String(w.wave)}</strong>: ${w.regions.join(', ')} <span class="counts">(up to ${String(w.maxConcurrent)} at once; ${String(w.failureTolerance)} may fail)</span></li>`,
  )}</ol>
<p class="note">In each region: ${facts.waves[0]?.stacks.join(' → ') ?? ''}.</p></section>`;
}

const REPLACE_TEXT: Record<string, string> = { True: 'replacement', Conditional: 'may be replaced' };

/** The changed properties: `name: before → after` where the change set carries values (masked already), else the names. */
function propertyCell(c: StackPreview['changes'][number]): SafeHtml | string {
  const valued = c.details.filter((x) => x.before !== undefined || x.after !== undefined);
  const names = [...new Set(c.details.filter((x) => !valued.includes(x)).map((x) => x.name).filter((n): n is string => Boolean(n)))];
  if (!valued.length) return names.join(', ');
  const value = (v: string | undefined) => (v === undefined ? html`<span class="none">(none)</span>` : html`<code>${v}</code>`);
  return html`<ul class="values">${valued.map(
    (x) => html`<li data-path="${x.path ?? ''}"><strong>${x.path?.replace(/^\/Properties\//, '') ?? x.name ?? x.attribute ?? ''}</strong>: <span class="before">${value(x.before)}</span> → <span class="after">${value(x.after)}</span></li>`,
  )}${names.filter((n) => !valued.some((x) => x.name === n)).map((n) => html`<li>${n}</li>`)}</ul>`;
}

function changeTable(p: StackPreview): SafeHtml {
  if (p.kind === 'no-changes') return html`<p>No changes.</p>`;
  return html`<table class="changes"><thead><tr><th scope="col">Action</th><th scope="col">Resource</th><th scope="col">Type</th><th scope="col">Replacement</th><th scope="col">Properties</th></tr></thead><tbody>
${p.changes.map((c) => {
  const replace = c.replacement ? REPLACE_TEXT[c.replacement] : undefined;
  const props = propertyCell(c);
  // A nested stack's resources (`Child/Queue`) are indented under its own row, by depth.
  const depth = Math.min(c.logicalId.split('/').length - 1, 5);
  return html`<tr class="${replace ? 'replace' : ''} a-${c.action}${depth ? ` nested d${depth}` : ''}"><td>${c.action}</td><td>${c.logicalId}</td><td>${c.resourceType}</td><td>${replace ? html`<strong class="warn">⚠ ${replace}</strong>` : 'no'}</td><td>${props}</td></tr>\n`;
})}</tbody></table>
${p.note ? html`<p class="note">${p.note}</p>` : ''}
${securityTable('IAM statement changes', p.iam)}${securityTable('Security group changes', p.securityGroups)}`;
}

function securityTable(title: string, rows: string[][] | undefined): SafeHtml {
  if (!rows || rows.length < 2) return html``;
  const [head = [], ...body] = rows;
  return html`<div class="security"><h5>⚠ ${title}</h5><table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>
${body.map((r) => html`<tr>${r.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table></div>`;
}

function previews(d: RunDetail): SafeHtml {
  if (d.previews.length === 0) return html`<p>No preview yet.</p>`;
  return html`${d.regions.map((region) => {
    const here = d.previews.filter((p) => p.region === region);
    if (!here.length) return html``;
    return html`<section class="region" aria-label="Preview in ${region}"><h3>${region}</h3>
${here.map(
  (p) => html`<h4>${p.stack} <span class="counts">+${p.adds} ~${p.modifies} −${p.removes}${p.replacements ? html` <strong class="warn">${p.replacements} replaced</strong>` : ''}${p.iam ? html` <strong class="warn">IAM</strong>` : ''}${p.securityGroups ? html` <strong class="warn">security groups</strong>` : ''}</span></h4>${changeTable(p)}`,
)}</section>`;
  })}`;
}

/** Stacks this pipeline made that its meridian.yaml no longer deploys where they are (`meridian destroy` removes them). */
function orphanSection(d: RunDetail): SafeHtml {
  if (!d.orphans?.length) return html``;
  return html`<section aria-labelledby="orphans-h"><h2 id="orphans-h">Orphaned stacks</h2>
<p class="note">Still running, no longer in meridian.yaml where they are; <code>meridian destroy STACK --region R</code> deletes one.</p>
<ul class="orphans">${d.orphans.map((o) => html`<li data-stack="${o.stack}" data-region="${o.region}"><strong>${o.stack}</strong> in ${o.region} (${o.status}, ${o.why.replace(/-/g, ' ')})${o.terminationProtection ? html` <strong class="warn">termination protection on</strong>` : ''}</li>`)}</ul></section>`;
}

function driftSection(reports: DriftDetail[]): SafeHtml {
  if (!reports.length) return html`<p>No drift report (nothing deployed yet, or drift not checked).</p>`;
  return html`<table class="drift"><thead><tr><th scope="col">Region</th><th scope="col">Stack</th><th scope="col">State</th><th scope="col">Differences</th></tr></thead><tbody>
${reports.map(
  (r) => html`<tr class="${r.drifted.length ? 'drifted' : ''}"><td>${r.region}</td><td>${r.stackName}</td><td>${r.drifted.length ? html`<strong class="warn">drifted</strong>` : 'in sync'}${r.notChecked.length ? html` (not checked: ${r.notChecked.map((n) => n.logicalId).join(', ')})` : ''}</td>
<td>${r.drifted.length ? html`<ul>${r.drifted.flatMap((x) => x.differences.map((p) => html`<li>${x.logicalId} <code>${p.path}</code> ${p.type}: expected <code>${p.expected ?? '(none)'}</code>, actual <code>${p.actual ?? '(none)'}</code></li>`))}</ul>` : ''}</td></tr>\n`,
)}</tbody></table>`;
}

function findingsSection(findings: Finding[]): SafeHtml {
  if (!findings.length) return html`<p>No findings.</p>`;
  return html`<table class="findings"><thead><tr><th scope="col">Where</th><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Message</th></tr></thead><tbody>
${findings.map((f) => html`<tr class="sev-${f.severity}"><td><code>${f.file}:${f.line}:${f.column}</code></td><td>${f.ruleId}</td><td>${f.severity}</td><td>${f.message}</td></tr>\n`)}</tbody></table>`;
}

function auditSection(entries: AuditRecord[]): SafeHtml {
  if (!entries.length) return html`<p>No entries.</p>`;
  return html`<ul class="audit">${entries.map((a) => html`<li><time datetime="${a.time}">${a.time}</time> <strong>${a.actor}</strong> ${a.action} — ${a.outcome}${typeof a.data.code === 'string' ? ` (${a.data.code})` : ''}${typeof a.data.comment === 'string' ? html`: “${a.data.comment}”` : ''}</li>`)}</ul>`;
}

export function runPage(d: RunDetail, user: UserRecord, csrf: string, audit: AuditRecord[], facts: RunFacts = { waves: [] }): SafeHtml {
  const sha = html`<code>${d.commit.slice(0, 12)}</code>`;
  return html`<p class="crumbs"><a href="/">Runs</a> › ${d.id}</p>
<h1>Run ${d.id}</h1>
<p class="commit">${facts.commitUrl ? html`<a href="${facts.commitUrl}" title="${d.commit}">${sha}</a>` : html`<span title="${d.commit}">${sha}</span>`} ${d.branch ? html`on <strong>${d.branch}</strong>` : ''} by ${d.author ?? 'unknown'}: ${d.message ?? ''}</p>
${approvalSection(d, user, csrf)}
<section aria-labelledby="graph-h"><h2 id="graph-h">Stages by region</h2>
<div id="run-live" data-live-run="${d.id}" data-after="${String(d.events.at(-1)?.seq ?? 0)}" data-status="${d.status}">${runLive(d)}</div></section>
${waveOrder(facts)}
<section aria-labelledby="preview-h"><h2 id="preview-h">Change-set preview per region</h2>${previews(d)}</section>
${orphanSection(d)}
<section aria-labelledby="drift-h"><h2 id="drift-h">Drift report</h2>${driftSection(d.drift)}</section>
<section aria-labelledby="findings-h"><h2 id="findings-h">Validation findings</h2>${findingsSection(d.validation)}</section>
<section aria-labelledby="audit-h"><h2 id="audit-h">Audit log for this run</h2>${auditSection(audit)}</section>`;
}

export { auditSection };
