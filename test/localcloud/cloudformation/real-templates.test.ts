// localcloud answers real templates as AWS does (issue 17 item 9): every aws-cloudformation-templates
// example of the shared conformance material whose parameters all have defaults is submitted with
// CreateStack over HTTP through the SDK. A stack that is created must redeploy as "no updates" and
// delete; one that AWS refuses or fails must be refused or fail with AWS's reason. The outcome of
// each template is kept in fixtures/real-templates.json, reviewed like code
// (`MERIDIAN_UPDATE_SNAPSHOTS=1` rewrites it). Templates written for Rain (`!Rain::Embed`) are not
// CloudFormation and are left out, as are those asking for a parameter value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { startLocalCloud } from '../../../src/localcloud/index.js';
import { parseTemplate } from '../../../src/template/index.js';
import { templatesUnder } from '../../helpers/template-files.js';

const TEMPLATES = fileURLToPath(new URL('../../../../shared/conformance/templates/', import.meta.url));
const SETS = ['real-world', 'real-world-more'];
const EXPECTED = fileURLToPath(new URL('fixtures/real-templates.json', import.meta.url));
const skip = SETS.every((s) => existsSync(join(TEMPLATES, s))) ? false : `real-world templates not found under ${TEMPLATES}`;
const update = process.env.MERIDIAN_UPDATE_SNAPSHOTS === '1';
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

/** The templates a user could deploy as they are: CloudFormation (not Rain source), every parameter with a default. */
function deployable(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  for (const path of SETS.flatMap((s) => templatesUnder(join(TEMPLATES, s)))) {
    const text = readFileSync(path, 'utf8');
    const parsed = parseTemplate(text, path);
    if (!parsed.ok) continue;
    const body = parsed.template.body as { Parameters?: Record<string, { Default?: unknown } | null>; Resources?: unknown };
    if (!body.Resources || Object.values(body.Parameters ?? {}).some((p) => p?.Default === undefined)) continue;
    found.push({ file: relative(TEMPLATES, path), text });
  }
  return found;
}

const cut = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').slice(0, 160);

test('real templates: created, redeployed as no change and deleted, or refused and failed with AWS reasons', { skip, timeout: 10 * 60_000 }, async () => {
  const cloud = await startLocalCloud({ port: 0, latencyMs: 0 });
  const cf = new CloudFormationClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  // Every operation finishes on localcloud's clock; the bound only turns a stuck stack into a failure.
  const settled = async (id: string): Promise<Stack> => {
    for (let polls = 0; polls < 20_000; polls++) {
      const stack = (await cf.send(new DescribeStacksCommand({ StackName: id }))).Stacks?.[0];
      if (stack?.StackStatus && !stack.StackStatus.endsWith('_IN_PROGRESS')) return stack;
    }
    throw new Error(`${id} is still in progress`);
  };
  const outcomes: Record<string, string> = {};
  try {
    const templates = deployable();
    assert.ok(templates.length >= 40, `${templates.length} deployable templates`);
    for (const [i, { file, text }] of templates.entries()) {
      let id: string;
      try {
        id = (await cf.send(new CreateStackCommand({ StackName: `real-${i}`, TemplateBody: text, Capabilities: [...CAPABILITIES] }))).StackId ?? '';
      } catch (err) {
        outcomes[file] = `refused: ${(err as Error).name}: ${cut((err as Error).message)}`;
        continue;
      }
      const created = await settled(id);
      if (created.StackStatus !== 'CREATE_COMPLETE') {
        const events = (await cf.send(new DescribeStackEventsCommand({ StackName: id }))).StackEvents ?? [];
        const first = [...events].reverse().find((e) => e.ResourceStatus === 'CREATE_FAILED');
        const rollback = events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS');
        outcomes[file] = `${created.StackStatus}: ${first ? `${first.LogicalResourceId}: ${cut(first.ResourceStatusReason)}` : cut(rollback?.ResourceStatusReason)}`;
        continue;
      }
      // The same template again is "nothing to do", as AWS answers it.
      const again = await cf.send(new UpdateStackCommand({ StackName: id, TemplateBody: text, Capabilities: [...CAPABILITIES] })).then(
        () => 'updated',
        (err: Error) => err.message,
      );
      assert.equal(again, 'No updates are to be performed.', `${file} redeployed`);
      await cf.send(new DeleteStackCommand({ StackName: id }));
      assert.equal((await settled(id)).StackStatus, 'DELETE_COMPLETE', `${file} deleted`);
      outcomes[file] = 'created';
    }
  } finally {
    cf.destroy();
    await cloud.stop();
  }
  if (update) writeFileSync(EXPECTED, `${JSON.stringify(outcomes, null, 2)}\n`);
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, string>;
  assert.deepEqual(outcomes, expected, 'MERIDIAN_UPDATE_SNAPSHOTS=1 to accept new outcomes after review');
  // Nothing reads as an emulator's own fault.
  for (const [file, o] of Object.entries(outcomes)) assert.doesNotMatch(o, /\[object Object\]|undefined|TypeError|InternalFailure/, file);
});
