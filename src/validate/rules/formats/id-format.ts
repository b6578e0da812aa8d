// Literal AWS ids written into properties that hold ids (VPC, subnet, security group, AMI) must
// look like ids; a typo fails only at deploy time. Which properties hold which id comes from the
// resource spec's `references` (e.g. AWS::EC2::VPC.VpcId).
import { propertySpecAt, type TemplatePath } from '../../../template/index.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { intrinsicName, isRecord, literalBranches, resourcesOf } from '../template-walk.js';

export interface IdFormat {
  /** cfn-lint's name of the format, e.g. AWS::EC2::VPC.Id */
  name: string;
  pattern: RegExp;
  /** Spec references that mark a property as holding such an id. */
  references: readonly string[];
  /** Property names that hold such an id when the spec has no reference (e.g. ImageId). */
  names?: readonly string[];
}

export const FORMATS: Record<string, IdFormat> = {
  E1150: { name: 'AWS::EC2::SecurityGroup.Id', pattern: /^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/, references: ['AWS::EC2::SecurityGroup.Id', 'AWS::EC2::SecurityGroup.GroupId', 'AWS::EC2::VPC.DefaultSecurityGroup'], names: ['SecurityGroupIds', 'VpcSecurityGroupIds', 'SecurityGroupId'] },
  E1151: { name: 'AWS::EC2::VPC.Id', pattern: /^vpc-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$/, references: ['AWS::EC2::VPC.VpcId', 'AWS::EC2::VPC.Id'] },
  E1152: { name: 'AWS::EC2::Image.Id', pattern: /^ami-([0-9a-z]{8}|[0-9a-z]{17})$/, references: [], names: ['ImageId'] },
  E1154: { name: 'AWS::EC2::Subnet.Id', pattern: /^subnet-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$/, references: ['AWS::EC2::Subnet.SubnetId', 'AWS::EC2::Subnet.Id'] },
};

const SOURCE = /^'(.*)'$/s;

export function holds(format: IdFormat, type: string, path: TemplatePath): boolean {
  const last = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (last === undefined || !/Ids?$/.test(last)) return false;
  if (format.names?.includes(last)) return true;
  const at = propertySpecAt(type, path);
  return at?.property.references?.some((r) => format.references.includes(r)) ?? false;
}

/** A literal (or an Fn::If between literals) under a property whose name ends in Id/Ids. */
interface IdSite {
  type: string;
  value: unknown;
  /** Path inside Properties (for the spec lookup). */
  rel: TemplatePath;
  /** Path from the template root. */
  abs: TemplatePath;
}

const LAST_STRING_IS_ID = (path: readonly (string | number)[]): boolean => {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (typeof p === 'string') return /Ids?$/.test(p);
  }
  return false;
};

const sitesCache = new WeakMap<object, IdSite[]>();

/**
 * Every id site of the template, found in one walk shared by the four format rules (each used to
 * walk every resource itself). The walk moves two path stacks in place and copies them only at
 * a site.
 */
function idSites(ctx: RuleContext): IdSite[] {
  const cached = sitesCache.get(ctx.body);
  if (cached) return cached;
  const out: IdSite[] = [];
  for (const r of resourcesOf(ctx)) {
    // Custom resources take anything; resources with invalid logical ids are E3001's.
    if (r.type.startsWith('Custom::') || !/^[a-zA-Z0-9]+$/.test(r.id)) continue;
    const rel: (string | number)[] = [];
    const abs: (string | number)[] = [...r.path, 'Properties'];
    const visit = (v: unknown): void => {
      const fn = intrinsicName(v);
      if (fn !== undefined && fn !== 'Fn::If') return;
      const args = fn === 'Fn::If' ? (v as Record<string, unknown>)['Fn::If'] : undefined;
      if (Array.isArray(args) && args.length === 3 && (isRecord(args[1]) || Array.isArray(args[1]) || isRecord(args[2]) || Array.isArray(args[2]))) {
        // A condition choosing between whole objects or lists: look inside each branch.
        for (const i of [1, 2]) {
          abs.push('Fn::If', i);
          visit(args[i]);
          abs.length -= 2;
        }
        return;
      }
      if (fn === 'Fn::If' || typeof v === 'string') {
        if (LAST_STRING_IS_ID(rel)) out.push({ type: r.type, value: v, rel: [...rel], abs: [...abs] });
        return;
      }
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          rel.push(i);
          abs.push(i);
          visit(v[i]);
          rel.pop();
          abs.pop();
        }
      } else if (isRecord(v)) {
        for (const k of Object.keys(v)) {
          rel.push(k);
          abs.push(k);
          visit(v[k]);
          rel.pop();
          abs.pop();
        }
      }
    };
    visit(r.props);
  }
  sitesCache.set(ctx.body, out);
  return out;
}

/** Literal ids of `format` that do not match its pattern, in every resource's Properties. */
export function badIds(ctx: RuleContext, format: IdFormat): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const site of idSites(ctx)) {
    if (!holds(format, site.type, site.rel)) continue;
    for (const b of literalBranches(site.value, site.abs)) {
      // A dynamic reference is filled in at deploy time: its text is not the id.
      if (typeof b.value === 'string' && !b.value.includes('{{resolve:') && !format.pattern.test(b.value)) {
        out.push({ path: b.path, message: `'${b.value}' is not a '${format.name}' with pattern '${format.pattern.source.replace(SOURCE, '$1')}'` });
      }
    }
  }
  return out;
}
