// Approval links: signed per approver, a GET never decides, the approver list and "no self-approval"
// are enforced as in the local engine, and a decision completes the waiting task.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handleApprovalUrl, requestApproval, REJECTED_ERROR, type ApprovalPorts } from '../../../src/synth/lambda/approval.js';
import { notify } from '../../../src/synth/lambda/notify.js';
import { configOf } from '../configs.js';

function fakePorts() {
  const sent: { kind: 'success' | 'failure'; token: string; body: string; error?: string }[] = [];
  const published: { subject: string; message: string }[] = [];
  const ports: ApprovalPorts = {
    signingKey: async () => Buffer.alloc(32, 7),
    approvalUrl: 'https://abc.execute-api.us-east-1.amazonaws.com',
    publish: async (subject, message) => void published.push({ subject, message }),
    sendSuccess: async (token, body) => void sent.push({ kind: 'success', token, body }),
    sendFailure: async (token, error, body) => void sent.push({ kind: 'failure', token, body, error }),
    now: () => Date.UTC(2026, 10, 22, 12),
  };
  return { ports, sent, published };
}

const config = configOf('accounts-waves'); // approvers: alice@example.com, bob
const request = { runId: 'exec-1', taskToken: 'TOKEN-123', commit: '0123456789abcdef', author: { name: 'bob', email: 'bob@example.com' } };

async function links() {
  const fake = fakePorts();
  const out = await requestApproval(config, fake.ports, request);
  const urls = [...(fake.published[0]?.message ?? '').matchAll(/https:\/\/\S+/g)].map((m) => new URL(m[0]));
  return { ...fake, out, urls };
}
const query = (u: URL) => Object.fromEntries(u.searchParams);

describe('synth: approval links', () => {
  it('sends one approve and one reject link per approver', async () => {
    const { out, urls, published } = await links();
    assert.equal(out.notified, 2);
    assert.equal(urls.length, 4);
    assert.deepEqual(urls.map((u) => `${u.searchParams.get('by')}:${u.searchParams.get('decision')}`), ['alice@example.com:approve', 'alice@example.com:reject', 'bob:approve', 'bob:reject']);
    assert.match(published[0]?.subject ?? '', /payments run exec-1/);
  });

  it('a GET shows a form and decides nothing', async () => {
    const { ports, sent, urls } = await links();
    const res = await handleApprovalUrl(config, ports, { method: 'GET', query: query(urls[0] as URL), form: {} });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form method="post">/);
    assert.equal(sent.length, 0);
  });

  it('an approver\'s POST completes the task with the decision', async () => {
    const { ports, sent, urls } = await links();
    const res = await handleApprovalUrl(config, ports, { method: 'POST', query: query(urls[0] as URL), form: { comment: 'ship it' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(sent, [{ kind: 'success', token: 'TOKEN-123', body: JSON.stringify({ decision: 'approved', by: 'alice@example.com', at: '2026-11-22T12:00:00.000Z', comment: 'ship it' }) }]);
  });

  it('the commit author cannot approve, but may reject', async () => {
    const { ports, sent, urls } = await links();
    const approve = await handleApprovalUrl(config, ports, { method: 'POST', query: query(urls[2] as URL), form: {} });
    assert.equal(approve.statusCode, 403);
    assert.match(approve.body, /cannot approve/);
    const reject = await handleApprovalUrl(config, ports, { method: 'POST', query: query(urls[3] as URL), form: {} });
    assert.equal(reject.statusCode, 200);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.kind, 'failure');
    assert.equal(sent[0]?.error, REJECTED_ERROR);
  });

  it('a link whose approver, decision or token was changed is refused', async () => {
    const { ports, sent, urls } = await links();
    for (const [key, value] of [['by', 'mallory@example.com'], ['decision', 'reject'], ['token', 'OTHER'], ['sig', 'x']] as const) {
      const q = { ...query(urls[0] as URL), [key]: value };
      const res = await handleApprovalUrl(config, ports, { method: 'POST', query: q, form: {} });
      assert.equal(res.statusCode, 403, key);
    }
    assert.equal(sent.length, 0);
  });

  it('with no approver list, anyone but the author decides and says who they are', async () => {
    const open = { ...config, approval: { ...config.approval, approvers: [] } };
    const fake = fakePorts();
    await requestApproval(open, fake.ports, request);
    const url = new URL([...(fake.published[0]?.message ?? '').matchAll(/https:\/\/\S+/g)][0]?.[0] ?? '');
    assert.equal(url.searchParams.get('by'), '');
    const self = await handleApprovalUrl(open, fake.ports, { method: 'POST', query: query(url), form: { as: 'bob@example.com' } });
    assert.equal(self.statusCode, 403);
    const other = await handleApprovalUrl(open, fake.ports, { method: 'POST', query: query(url), form: { as: 'carol@example.com' } });
    assert.equal(other.statusCode, 200);
    assert.equal(fake.sent[0]?.kind, 'success');
  });

  it('a run that no longer waits answers 409', async () => {
    const { ports, urls } = await links();
    const closed = { ...ports, sendSuccess: async () => Promise.reject(Object.assign(new Error('gone'), { name: 'TaskTimedOut' })) };
    const res = await handleApprovalUrl(config, closed, { method: 'POST', query: query(urls[0] as URL), form: {} });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /TaskTimedOut/);
  });

  it('a webhook that keeps failing is reported by host and never throws', async () => {
    const withHooks = { ...config, notifications: [{ webhook: 'https://hooks.example.com/secret-path', on: ['failed' as const], format: 'slack' as const }] };
    let calls = 0;
    const out = await notify(withHooks, async () => {
      calls += 1;
      throw new Error('answered 500');
    }, { kind: 'failed', runId: 'exec-2', region: 'us-east-1', reason: 'a stack failed' });
    assert.deepEqual(out, { sent: 0, failed: ['hooks.example.com'] });
    assert.equal(calls, 3);
  });
});
