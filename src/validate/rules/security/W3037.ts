// IAM actions name a service and an action that service has (`s3:ReplicationTags` is not one;
// `s3:ReplicateTags` is), and resource policies only grant their own service's actions. A typo
// in an action is not refused by IAM: the permission silently never applies.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { iamServiceActions, iamServices } from '../../data/reference-data.js';
import { cfnLintRule } from '../define.js';
import { pyRepr } from '../py-repr.js';
import { isRecord, literalBranches, resourcesOf, usesSam } from '../template-walk.js';
import { policyDocuments } from './policy-schema.js';

/** Resource policies that can only grant their own service's actions. */
const OWN_SERVICE: Record<string, string> = { 'AWS::S3::BucketPolicy': 's3', 'AWS::SQS::QueuePolicy': 'sqs', 'AWS::SNS::TopicPolicy': 'sns' };

/** Policy documents beyond those the policy shape rules read, as (type, property) pairs. */
const MORE_DOCUMENTS: [string, string][] = [
  ['AWS::IAM::RolePolicy', 'PolicyDocument'],
  ['AWS::IAM::UserPolicy', 'PolicyDocument'],
  ['AWS::IAM::GroupPolicy', 'PolicyDocument'],
  ['AWS::KMS::Key', 'KeyPolicy'],
];

const known = new Map<string, string[]>();

/** The action names (lower case) of a service prefix, or undefined for an unknown service. */
function actionsOf(service: string): string[] | undefined {
  let names = known.get(service);
  if (!names) {
    const text = iamServiceActions(service);
    if (text === undefined) return undefined;
    names = text === '' ? [] : text.split(' ');
    known.set(service, names);
  }
  return names;
}

function checkAction(action: string, path: TemplatePath, resourceType: string, out: RuleFinding[]): void {
  if (action === '*') return;
  const colon = action.indexOf(':');
  if (colon < 0) return void out.push({ path, message: `${pyRepr(action)} is not a valid action. Must be of the form service:action or '*'` });
  const service = action.slice(0, colon).toLowerCase();
  const permission = action.slice(colon + 1).toLowerCase();
  const own = OWN_SERVICE[resourceType];
  if (own !== undefined && service !== own) out.push({ path, message: `${pyRepr(service)} is not one of ${pyRepr([own])}` });
  const names = actionsOf(service);
  if (!names) return void out.push({ path, message: `${pyRepr(service)} is not one of ${pyRepr(iamServices())}` });
  if (/[*?]/.test(permission)) {
    const re = new RegExp(`^${permission.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    if (!names.some((n) => re.test(n))) out.push({ path, message: `${pyRepr(permission)} is not one of ${pyRepr(names)}` });
  } else if (!names.includes(permission)) out.push({ path, message: `${pyRepr(permission)} is not one of ${pyRepr(names)}` });
}

function statements(doc: unknown, path: TemplatePath): { s: Record<string, unknown>; path: TemplatePath }[] {
  return literalBranches(doc, path).flatMap(({ value, path: p }) => {
    if (!isRecord(value)) return [];
    return literalBranches(value.Statement, [...p, 'Statement']).flatMap(({ value: st, path: sp }) => {
      const items = Array.isArray(st) ? st.map((x, i) => ({ value: x, path: [...sp, i] })) : [{ value: st, path: sp }];
      return items.flatMap((it) => literalBranches(it.value, it.path)).flatMap((b) => (isRecord(b.value) ? [{ s: b.value, path: b.path }] : []));
    });
  });
}

export const W3037 = cfnLintRule({
  id: 'W3037',
  severity: 'warning',
  shortDescription: 'Check IAM Permission configuration',
  description: 'Policy statement actions are * or service:action with a service and action IAM knows (wildcards must match one).',
  tags: ['properties', 'iam', 'permissions'],
  check(ctx: RuleContext) {
    // cfn-lint skips SAM templates: the transform writes policies of its own.
    if (usesSam(ctx.body)) return [];
    const out: RuleFinding[] = [];
    const types = new Map<string, string>();
    for (const [id, r] of Object.entries(isRecord(ctx.body.Resources) ? ctx.body.Resources : {})) types.set(id, isRecord(r) && typeof r.Type === 'string' ? r.Type : '');
    const docs = (['identity', 'trust', 'resource'] as const).flatMap((kind) => policyDocuments(ctx, kind));
    for (const [type, prop] of MORE_DOCUMENTS) {
      for (const r of resourcesOf(ctx, type)) if (prop in r.props) docs.push({ doc: r.props[prop], path: [...r.path, 'Properties', prop] });
    }
    for (const { doc, path } of docs) {
      const type = types.get(String(path[1])) ?? '';
      for (const { s, path: sp } of statements(doc, path)) {
        for (const a of literalBranches(s.Action, [...sp, 'Action'])) {
          const items = Array.isArray(a.value) ? a.value.map((x, i) => ({ value: x, path: [...a.path, i] })) : [a];
          for (const it of items.flatMap((x) => literalBranches(x.value, x.path))) {
            // cfn-lint points at the Action key, whichever item is wrong.
            if (typeof it.value === 'string') checkAction(it.value, a.path, type, out);
          }
        }
      }
    }
    return out;
  },
});
