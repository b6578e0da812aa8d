// The preview's IAM and security-group tables (@aws-cdk/cloudformation-diff), for a stack's own
// template and for the templates of its nested stacks, read from their nested change sets.
import { changeSetTemplate, getStackTemplate, type CloudDeps, type CloudTarget, type ResourceChange } from '../../cloud/index.js';
import { parseTemplate } from '../../template/index.js';

/** Rows of the IAM statement and security-group change tables (header first), when there are any. */
export interface SecurityTables {
  iam?: string[][];
  securityGroups?: string[][];
}

/** Resource types that carry IAM statements, managed policies or security-group rules. */
const SECURITY_TYPES = /^AWS::(IAM::|EC2::SecurityGroup|Lambda::Permission$|S3::BucketPolicy$|SQS::QueuePolicy$|SNS::TopicPolicy$|KMS::Key$|SSO::)/;

function hasSecurityResources(body: Record<string, unknown>): boolean {
  const resources = body.Resources;
  if (!resources || typeof resources !== 'object') return false;
  return Object.values(resources as Record<string, { Type?: unknown }>).some((r) => typeof r?.Type === 'string' && SECURITY_TYPES.test(r.Type));
}

/** The tables of one template's change (`oldText` undefined: a new stack). */
export async function securityChanges(oldText: string | undefined, newText: string | undefined): Promise<SecurityTables> {
  const parse = (text: string | undefined) => {
    if (!text) return {};
    const r = parseTemplate(text);
    return r.ok ? r.template.body : {};
  };
  const before = parse(oldText);
  const after = parse(newText);
  // The diff library loads the whole AWS resource spec (~130 MB): only pay for it when a template
  // has resources whose IAM or security-group changes it reports.
  if (!hasSecurityResources(before) && !hasSecurityResources(after)) return {};
  const { fullDiff } = await import('@aws-cdk/cloudformation-diff');
  const diff = fullDiff(before, after);
  return {
    ...(diff.iamChanges.hasChanges ? { iam: diff.iamChanges.summarizeStatements() } : {}),
    ...(diff.securityGroupChanges.hasChanges ? { securityGroups: diff.securityGroupChanges.summarize() } : {}),
  };
}

/** The tables of each nested stack a change set creates or modifies, by its `Child` (or `Child/Inner`) path. */
export async function nestedSecurityChanges(cloud: CloudDeps, target: CloudTarget, changes: readonly ResourceChange[]): Promise<{ path: string; tables: SecurityTables }[]> {
  const out: { path: string; tables: SecurityTables }[] = [];
  for (const c of changes) {
    if (c.resourceType !== 'AWS::CloudFormation::Stack' || !c.nestedChangeSetId) continue;
    const next = await changeSetTemplate(cloud, target, c.nestedChangeSetId);
    const current = c.physicalId && c.action !== 'Add' ? await getStackTemplate(cloud, target, c.physicalId) : undefined;
    const tables = await securityChanges(current, next);
    if (tables.iam || tables.securityGroups) out.push({ path: c.logicalId, tables });
  }
  return out;
}

/**
 * One set of tables: the nested stacks' rows follow the stack's own, their resource cell (the second
 * column of both tables) prefixed with the nested stack's path.
 */
export function mergeNested(own: SecurityTables, nested: readonly { path: string; tables: SecurityTables }[]): SecurityTables {
  const out: SecurityTables = { ...own };
  for (const { path, tables } of nested) {
    for (const key of ['iam', 'securityGroups'] as const) {
      const table = tables[key];
      if (!table || table.length < 2) continue;
      const rows = table.slice(1).map((row) => row.map((cell, i) => (i === 1 ? `${path}: ${cell}` : cell)));
      const existing = out[key];
      out[key] = existing ? [...existing, ...rows] : [table[0] as string[], ...rows];
    }
  }
  return out;
}
