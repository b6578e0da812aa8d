// The shape of IAM policy documents (identity, trust and resource policies), checked where they
// are written as literals. Fn::If branches are checked one by one; other functions are skipped.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { intrinsicName, isRecord, resourcesOf } from '../template-walk.js';

export type PolicyKind = 'identity' | 'trust' | 'resource';

const RESOURCE_ARN = /^(arn:(aws[A-Za-z-]*?|\*):[^:]+:[^:]*(:(?:\d{12}|\*|aws)?:.+|)|\*)$/;
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws[A-Za-z-]*:(iam|sts)::(\d{12}|aws):.+)$/;
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v).replace(/"/g, "'"));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

function exclusive(s: Record<string, unknown>, a: string, b: string, path: TemplatePath, out: RuleFinding[], required: boolean): void {
  const has = [a, b].filter((k) => k in s);
  const message = `Only one of ['${a}', '${b}'] is a required property`;
  if (has.length === 2) for (const k of has) out.push({ path: [...path, k], message });
  else if (has.length === 0 && required) out.push({ path, message });
}

function checkStatement(s: unknown, path: TemplatePath, kind: PolicyKind, out: RuleFinding[]): void {
  if (intrinsicName(s) === 'Fn::If') return forBranches(s, path, (b, p) => checkStatement(b, p, kind, out));
  if (!isRecord(s)) {
    if (intrinsicName(s) === undefined) out.push({ path, message: `${show(s)} is not of type 'object'` });
    return;
  }
  if (typeof s.Effect === 'string' && s.Effect !== 'Allow' && s.Effect !== 'Deny') out.push({ path: [...path, 'Effect'], message: `'${s.Effect}' is not one of ['Allow', 'Deny']` });
  exclusive(s, 'Action', 'NotAction', path, out, true);
  if (kind !== 'trust') exclusive(s, 'Resource', 'NotResource', path, out, kind === 'identity');
  if (kind === 'identity') {
    for (const k of ['Principal', 'NotPrincipal']) if (k in s) out.push({ path: [...path, k], message: `Additional properties are not allowed ('${k}' was unexpected)` });
  }
  if (kind === 'identity') {
    for (const key of ['Resource', 'NotResource']) {
      if (!(key in s) || intrinsicName(s[key]) !== undefined) continue;
      list(s[key]).forEach((r, i) => {
        const at = Array.isArray(s[key]) ? [...path, key, i] : [...path, key];
        if (isRecord(r) && intrinsicName(r) === undefined) out.push({ path: at, message: `${show(r)} is not of type 'string'` });
        else if (typeof r === 'string' && !RESOURCE_ARN.test(r)) out.push({ path: at, message: `${show(r)} does not match '${RESOURCE_ARN.source}'` });
      });
    }
  }
  if (kind === 'trust' && isRecord(s.Principal) && 'AWS' in s.Principal && intrinsicName(s.Principal.AWS) === undefined) {
    list(s.Principal.AWS).forEach((p, i) => {
      const at = Array.isArray(s.Principal && (s.Principal as Record<string, unknown>).AWS) ? [...path, 'Principal', 'AWS', i] : [...path, 'Principal', 'AWS'];
      if (typeof p === 'string' && !AWS_PRINCIPAL.test(p)) out.push({ path: at, message: `${show(p)} is not valid under any of the given schemas` });
    });
  }
}

function forBranches(v: unknown, path: TemplatePath, fn: (branch: unknown, path: TemplatePath) => void): void {
  const args = (v as Record<string, unknown>)['Fn::If'];
  if (!Array.isArray(args) || args.length !== 3) return;
  [1, 2].forEach((i) => {
    const b = args[i];
    if (!(isRecord(b) && b.Ref === 'AWS::NoValue')) fn(b, [...path, 'Fn::If', i]);
  });
}

/** Shape problems of one policy document at `path`. */
export function checkDocument(doc: unknown, path: TemplatePath, kind: PolicyKind, out: RuleFinding[]): void {
  const fn = intrinsicName(doc);
  if (fn === 'Fn::If') return forBranches(doc, path, (b, p) => checkDocument(b, p, kind, out));
  if (fn !== undefined || typeof doc === 'string') return;
  if (!isRecord(doc)) {
    out.push({ path, message: `${show(doc)} is not of type 'object'` });
    return;
  }
  for (const k of Object.keys(doc)) if (!['Version', 'Statement', 'Id'].includes(k)) out.push({ path: [...path, k], message: `Additional properties are not allowed ('${k}' was unexpected)` });
  if (typeof doc.Version === 'string' && !['2008-10-17', '2012-10-17'].includes(doc.Version)) out.push({ path: [...path, 'Version'], message: `'${doc.Version}' is not one of ['2008-10-17', '2012-10-17']` });
  if (!('Statement' in doc)) {
    out.push({ path, message: "'Statement' is a required property" });
    return;
  }
  const st = doc.Statement;
  if (intrinsicName(st) !== undefined) return;
  if (!isRecord(st) && !Array.isArray(st)) {
    out.push({ path: [...path, 'Statement'], message: `${show(st)} is not of type 'object', 'array'` });
    return;
  }
  if (Array.isArray(st)) st.forEach((s, i) => checkStatement(s, [...path, 'Statement', i], kind, out));
  else checkStatement(st, [...path, 'Statement'], kind, out);
}

/** A resource's Properties, or each branch when an Fn::If chooses the whole Properties. */
function propertyVariants(raw: Record<string, unknown>, path: TemplatePath): { props: Record<string, unknown>; path: TemplatePath }[] {
  const p = raw.Properties;
  const base = [...path, 'Properties'];
  const args = isRecord(p) ? p['Fn::If'] : undefined;
  if (Array.isArray(args) && args.length === 3) {
    return [1, 2].flatMap((i) => (isRecord(args[i]) && intrinsicName(args[i]) === undefined ? [{ props: args[i] as Record<string, unknown>, path: [...base, 'Fn::If', i] }] : []));
  }
  return isRecord(p) ? [{ props: p, path: base }] : [];
}

/** Where each kind of policy document lives. */
export function policyDocuments(ctx: RuleContext, kind: PolicyKind): { doc: unknown; path: TemplatePath }[] {
  const out: { doc: unknown; path: TemplatePath }[] = [];
  if (kind === 'identity') {
    for (const r of resourcesOf(ctx, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) {
      for (const v of propertyVariants(r.raw, r.path)) if ('PolicyDocument' in v.props) out.push({ doc: v.props.PolicyDocument, path: [...v.path, 'PolicyDocument'] });
    }
    for (const r of resourcesOf(ctx, 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group')) {
      const policies = r.props.Policies;
      if (Array.isArray(policies)) policies.forEach((p, i) => isRecord(p) && 'PolicyDocument' in p && out.push({ doc: p.PolicyDocument, path: [...r.path, 'Properties', 'Policies', i, 'PolicyDocument'] }));
    }
  } else if (kind === 'trust') {
    for (const r of resourcesOf(ctx, 'AWS::IAM::Role')) if ('AssumeRolePolicyDocument' in r.props) out.push({ doc: r.props.AssumeRolePolicyDocument, path: [...r.path, 'Properties', 'AssumeRolePolicyDocument'] });
  } else {
    for (const r of resourcesOf(ctx, 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy')) if ('PolicyDocument' in r.props) out.push({ doc: r.props.PolicyDocument, path: [...r.path, 'Properties', 'PolicyDocument'] });
  }
  return out;
}

/** All shape findings for one kind of policy. */
export function policyFindings(ctx: RuleContext, kind: PolicyKind): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const { doc, path } of policyDocuments(ctx, kind)) checkDocument(doc, path, kind, out);
  return out;
}
