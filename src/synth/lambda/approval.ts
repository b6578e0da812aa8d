// Approval on AWS: the state machine waits on a task token; this module sends the notice with signed
// approve/reject links (one pair per approver) and, behind a Lambda function URL, turns a followed
// link into SendTaskSuccess/SendTaskFailure. The approver list and "no self-approval" are enforced
// with the local engine's own check (checkApprover), so both engines refuse the same people.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkApprover, type PipelineConfig } from '../../pipeline/index.js';
import type { RunRecord } from '../../store/index.js';

export interface ApprovalPorts {
  /** The HMAC key of the links (kept in an SSM SecureString, never in a template). */
  signingKey(): Promise<Buffer>;
  /** The function URL that receives followed links. */
  approvalUrl: string;
  publish(subject: string, message: string): Promise<void>;
  sendSuccess(taskToken: string, output: string): Promise<void>;
  sendFailure(taskToken: string, error: string, cause: string): Promise<void>;
  now(): number;
}

/** The error name a rejection ends the approval task with (the state machine catches it). */
export const REJECTED_ERROR = 'Meridian.Rejected';

interface LinkFields {
  run: string;
  decision: 'approve' | 'reject';
  /** The approver this link is for; empty when approval.approvers is empty (anyone but the author). */
  by: string;
  commit: string;
  authorEmail: string;
  authorName: string;
  token: string;
}

const SIGNED: (keyof LinkFields)[] = ['run', 'decision', 'by', 'commit', 'authorEmail', 'authorName', 'token'];

function signature(key: Buffer, f: LinkFields): string {
  return createHmac('sha256', key).update(SIGNED.map((k) => `${k}=${f[k]}`).join('\n')).digest('base64url');
}

/** A signed link: whoever holds it can decide once, as the approver it names. */
export function signedLink(baseUrl: string, key: Buffer, f: LinkFields): string {
  const q = new URLSearchParams({ ...f, sig: signature(key, f) });
  return `${baseUrl.replace(/\/?$/, '/')}?${q.toString()}`;
}

export async function requestApproval(
  config: PipelineConfig,
  ports: ApprovalPorts,
  req: { runId: string; taskToken: string; commit: string; author?: { name?: string; email?: string } },
): Promise<{ notified: number }> {
  const key = await ports.signingKey();
  const approvers = config.approval.approvers.length > 0 ? config.approval.approvers : [''];
  const base = { run: req.runId, commit: req.commit, authorEmail: req.author?.email ?? '', authorName: req.author?.name ?? '', token: req.taskToken };
  const lines = [`Meridian pipeline ${config.pipeline}: run ${req.runId} (commit ${req.commit.slice(0, 12)}) waits for approval.`, ''];
  for (const by of approvers) {
    lines.push(by ? `For ${by}:` : 'For any approver (not the commit author):');
    lines.push(`  approve: ${signedLink(ports.approvalUrl, key, { ...base, by, decision: 'approve' })}`);
    lines.push(`  reject:  ${signedLink(ports.approvalUrl, key, { ...base, by, decision: 'reject' })}`);
  }
  lines.push('', `Without a decision within ${Math.round(config.approval.timeout / 1000)} s the run is rejected.`);
  await ports.publish(`Approve ${config.pipeline} run ${req.runId}`.slice(0, 99), lines.join('\n'));
  return { notified: approvers.length };
}

export interface UrlRequest {
  method: string;
  query: Record<string, string | undefined>;
  /** The form body of a POST (application/x-www-form-urlencoded). */
  form: Record<string, string | undefined>;
}
export interface UrlResponse {
  statusCode: number;
  body: string;
}

const page = (statusCode: number, text: string, form = ''): UrlResponse => ({
  statusCode,
  body: `<!doctype html><meta charset="utf-8"><title>Meridian approval</title><p>${escapeHtml(text)}</p>${form}`,
});
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function fieldsOf(q: UrlRequest['query']): LinkFields | undefined {
  const decision = q.decision;
  if (decision !== 'approve' && decision !== 'reject') return undefined;
  const f = { run: q.run, decision, by: q.by ?? '', commit: q.commit, authorEmail: q.authorEmail ?? '', authorName: q.authorName ?? '', token: q.token };
  return f.run && f.commit && f.token ? (f as LinkFields) : undefined;
}

function validSignature(key: Buffer, f: LinkFields, sig: string | undefined): boolean {
  const want = Buffer.from(signature(key, f));
  const got = Buffer.from(sig ?? '');
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Handles a followed link. GET shows a confirmation form (mail scanners follow links, so a GET never
 * decides); POST checks the signature and the approver, then completes the waiting task.
 */
export async function handleApprovalUrl(config: PipelineConfig, ports: ApprovalPorts, req: UrlRequest): Promise<UrlResponse> {
  const f = fieldsOf(req.query);
  if (!f || !validSignature(await ports.signingKey(), f, req.query.sig)) return page(403, 'This approval link is not valid.');
  const anyone = f.by === '';
  if (req.method === 'GET') {
    const who = anyone ? '<label>Your e-mail <input name="as" required></label> ' : '';
    return page(200, `${f.decision === 'approve' ? 'Approve' : 'Reject'} run ${f.run} of ${config.pipeline} (commit ${f.commit.slice(0, 12)})${anyone ? '' : ` as ${f.by}`}?`,
      `<form method="post">${who}<input name="comment" placeholder="comment"> <button>${f.decision}</button></form>`);
  }
  if (req.method !== 'POST') return page(405, 'Use the form.');
  const by = anyone ? (req.form.as ?? '').trim() : f.by;
  if (!by) return page(400, 'Say who you are.');
  const run: RunRecord = {
    id: f.run, pipeline: config.pipeline, status: 'awaiting-approval', commit: f.commit, createdAt: '', updatedAt: '', data: {},
    ...(f.authorEmail ? { authorEmail: f.authorEmail } : {}), ...(f.authorName ? { authorName: f.authorName } : {}),
  };
  try {
    if (f.decision === 'approve') checkApprover(config, run, by);
    else if (config.approval.approvers.length > 0) checkApprover({ ...config, approval: { ...config.approval, allowSelfApproval: true } }, run, by);
  } catch (err) {
    return page(403, (err as Error).message);
  }
  const at = new Date(ports.now()).toISOString();
  const comment = (req.form.comment ?? '').slice(0, 500);
  const decision = { decision: f.decision === 'approve' ? 'approved' : 'rejected', by, at, ...(comment ? { comment } : {}) };
  try {
    if (f.decision === 'approve') await ports.sendSuccess(f.token, JSON.stringify(decision));
    else await ports.sendFailure(f.token, REJECTED_ERROR, JSON.stringify(decision));
  } catch (err) {
    // TaskTimedOut / TaskDoesNotExist / InvalidToken: the run decided already or timed out.
    return page(409, `The run no longer waits for a decision (${(err as Error).name}).`);
  }
  return page(200, `Run ${f.run}: ${decision.decision} by ${by}.`);
}
