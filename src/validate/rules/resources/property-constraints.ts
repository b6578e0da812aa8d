// Length limits and patterns of common properties, from the services' API references (the
// resource spec database Meridian derives from carries neither). Literal strings only.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { literalBranches, resourcesOf } from '../template-walk.js';

interface Constraint {
  type: string;
  /** Property path under Properties; `*` stands for any list index. */
  path: readonly string[];
  maxLength?: number;
  minLength?: number;
  pattern?: string;
}

export const CONSTRAINTS: readonly Constraint[] = [
  { type: 'AWS::IAM::Role', path: ['RoleName'], maxLength: 64, pattern: '^[\\w+=,.@-]+$' },
  { type: 'AWS::IAM::ManagedPolicy', path: ['ManagedPolicyName'], maxLength: 128 },
  { type: 'AWS::IAM::InstanceProfile', path: ['InstanceProfileName'], maxLength: 128 },
  { type: 'AWS::Lambda::Function', path: ['FunctionName'], maxLength: 64 },
  { type: 'AWS::Lambda::Function', path: ['Handler'], maxLength: 128 },
  { type: 'AWS::Lambda::Function', path: ['Description'], maxLength: 256 },
  { type: 'AWS::Lambda::Function', path: ['Role'], pattern: '^arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$' },
  { type: 'AWS::SNS::Topic', path: ['TopicName'], maxLength: 256 },
  { type: 'AWS::SQS::Queue', path: ['QueueName'], maxLength: 80 },
  { type: 'AWS::CloudWatch::Alarm', path: ['AlarmActions', '*'], maxLength: 1024 },
  { type: 'AWS::CodeCommit::Repository', path: ['RepositoryName'], pattern: '^[a-zA-Z0-9._\\-]+(?<!\\.git)$' },
  { type: 'AWS::EC2::SecurityGroup', path: ['GroupDescription'], pattern: '^([a-z,A-Z,0-9,. _\\-:/()#,@[\\]+=&;\\{\\}!$*])*$' },
  { type: 'AWS::CodePipeline::Pipeline', path: ['RoleArn'], pattern: 'arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*' },
];

function valuesAt(props: Record<string, unknown>, base: TemplatePath, path: readonly string[]): { value: unknown; path: TemplatePath }[] {
  let level: { value: unknown; path: TemplatePath }[] = [{ value: props, path: base }];
  for (const step of path) {
    const next: { value: unknown; path: TemplatePath }[] = [];
    for (const { value, path: p } of level) {
      if (step === '*') {
        if (Array.isArray(value)) value.forEach((v, i) => next.push({ value: v, path: [...p, i] }));
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && step in value) {
        next.push({ value: (value as Record<string, unknown>)[step], path: [...p, step] });
      }
    }
    level = next;
  }
  return level.flatMap((l) => literalBranches(l.value, l.path));
}

/** Findings of one kind: lengths (E3033) or patterns (E3031). */
export function constraintFindings(ctx: RuleContext, kind: 'length' | 'pattern'): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const c of CONSTRAINTS) {
    for (const r of resourcesOf(ctx, c.type)) {
      for (const { value, path } of valuesAt(r.props, [...r.path, 'Properties'], c.path)) {
        if (typeof value !== 'string') continue;
        if (kind === 'length' && c.maxLength !== undefined && value.length > c.maxLength) out.push({ path, message: `'${value}' is longer than ${c.maxLength}` });
        if (kind === 'length' && c.minLength !== undefined && value.length < c.minLength) out.push({ path, message: `'${value}' is shorter than ${c.minLength}` });
        if (kind === 'pattern' && c.pattern !== undefined && !new RegExp(c.pattern).test(value)) out.push({ path, message: `'${value}' does not match '${c.pattern}'` });
      }
    }
  }
  return out;
}
