// Stack policies as CloudFormation reads them: once a stack has one, every update action on every
// resource is denied unless a statement allows it, and a Deny wins over any Allow. Actions are
// Update:Modify, Update:Replace, Update:Delete (and Update:*); resources are `LogicalResourceId/<id>`
// patterns; the one condition key is ResourceType (StringEquals, StringLike).
import { AwsError } from '../../contract.js';

export type UpdateAction = 'Update:Modify' | 'Update:Replace' | 'Update:Delete';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const ACTIONS = ['Update:Modify', 'Update:Replace', 'Update:Delete', 'Update:*'];
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function invalid(why: string): AwsError {
  return new AwsError('ValidationError', `Error validating stack policy: ${why}`);
}

/** Checks a StackPolicyBody as SetStackPolicy does; returns its statements. */
export function parseStackPolicy(body: string): Statement[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw invalid('Policy is not valid JSON');
  }
  const statements = (doc as { Statement?: unknown } | null)?.Statement;
  const all = Array.isArray(statements) ? statements : statements && typeof statements === 'object' ? [statements] : undefined;
  if (!all) throw invalid('Policy must contain a Statement');
  return all.map((raw, i) => {
    const s = raw as Partial<Statement> & { Principal?: unknown };
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw invalid(`Statement [#${i + 1}]: Effect must be Allow or Deny`);
    if (s.Principal !== '*') throw invalid(`Statement [#${i + 1}]: Principal must be "*"`);
    if ((s.Action === undefined) === (s.NotAction === undefined)) throw invalid(`Statement [#${i + 1}]: exactly one of Action and NotAction is needed`);
    if ((s.Resource === undefined) === (s.NotResource === undefined)) throw invalid(`Statement [#${i + 1}]: exactly one of Resource and NotResource is needed`);
    for (const a of [...list(s.Action), ...list(s.NotAction)]) {
      if (!ACTIONS.includes(a)) throw invalid(`Statement [#${i + 1}]: unknown action ${a} (use ${ACTIONS.join(', ')})`);
    }
    return s as Statement;
  });
}

/** `*` and `?` as in IAM patterns. */
function matches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

function applies(s: Statement, resource: string, type: string, action: UpdateAction): boolean {
  const actionHit = (a: string) => a === 'Update:*' || a === action;
  const resourceHit = (r: string) => r === '*' || matches(r, resource);
  if (s.Action !== undefined ? !list(s.Action).some(actionHit) : list(s.NotAction).some(actionHit)) return false;
  if (s.Resource !== undefined ? !list(s.Resource).some(resourceHit) : list(s.NotResource).some(resourceHit)) return false;
  for (const [op, keys] of Object.entries(s.Condition ?? {})) {
    const wanted = list(keys.ResourceType);
    if (wanted.length === 0) continue;
    const hit = op === 'StringLike' ? wanted.some((w) => matches(w, type)) : wanted.includes(type);
    if (op === 'StringNotEquals' || op === 'StringNotLike' ? hit : !hit) return false;
  }
  return true;
}

/** Why `policy` refuses `action` on a resource, in CloudFormation's words; undefined when it allows it (or there is no policy). */
export function policyDenial(policy: string | undefined, logicalId: string, type: string, action: UpdateAction): string | undefined {
  if (policy === undefined) return undefined;
  const statements = parseStackPolicy(policy);
  const resource = `LogicalResourceId/${logicalId}`;
  const deny = statements.findIndex((s) => s.Effect === 'Deny' && applies(s, resource, type, action));
  if (deny >= 0) return `Action denied by stack policy: Statement [#${deny + 1}] does not allow [${action}] for resource [${resource}]`;
  if (!statements.some((s) => s.Effect === 'Allow' && applies(s, resource, type, action))) {
    return `Action not allowed by stack policy: No statement allows [${action}] for resource [${resource}]`;
  }
  return undefined;
}
