// Literal AWS ids written into properties that hold ids (VPC, subnet, security group, AMI) must
// look like ids; a typo fails only at deploy time. Which properties hold which id is what the
// resource provider schemas say with their `format` keyword (derived data, src/validate/data/):
// a property that may hold an id or a name (an anyOf of formats) is not checked.
import type { TemplatePath } from '../../../template/index.js';
import { propertyConstraints } from '../../data/reference-data.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { constraintAt } from '../resources/property-constraints.js';
import { intrinsicName, isRecord, literalBranches, resourcesOf } from '../template-walk.js';

const SOURCE = /^'(.*)'$/s;

export interface IdFormat {
  /** cfn-lint's name of the format, e.g. AWS::EC2::VPC.Id */
  name: string;
  pattern: RegExp;
  /** The pattern as cfn-lint's message prints it (Python's repr), where that is not the source. */
  shown?: string;
}

/** The pattern as cfn-lint's messages print it. */
export const shownPattern = (format: IdFormat): string => format.shown ?? format.pattern.source.replace(SOURCE, '$1');

export const FORMATS: Record<string, IdFormat> = {
  E1150: { name: 'AWS::EC2::SecurityGroup.Id', pattern: /^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/ },
  E1151: { name: 'AWS::EC2::VPC.Id', pattern: /^vpc-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$/ },
  E1152: { name: 'AWS::EC2::Image.Id', pattern: /^ami-([0-9a-z]{8}|[0-9a-z]{17})$/ },
  E1154: { name: 'AWS::EC2::Subnet.Id', pattern: /^subnet-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$/ },
  // Only W1030 reads this one so far (a parameter's value where a certificate ARN goes).
  E1159: { name: 'AWS::ACM::Certificate.Arn', pattern: /^arn:aws[a-zA-Z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/, shown: '^arn:aws[a-zA-Z-]*:acm:[a-z0-9-]+:\\\\d{12}:certificate/.+$' },
};


/** True if the schema of `type` says the property at `path` (inside Properties) holds a `format` id. */
export function holds(format: IdFormat, type: string, path: TemplatePath): boolean {
  return constraintAt(type, path)?.f === format.name;
}

const typesWithFormats = new Map<string, boolean>();

/** Whether any property of the type holds an id format: only those resources are walked. */
function hasFormats(type: string): boolean {
  let has = typesWithFormats.get(type);
  if (has === undefined) {
    has = Object.values(propertyConstraints(type) ?? {}).some((c) => c.f !== undefined);
    typesWithFormats.set(type, has);
  }
  return has;
}

/** A launch template may name its AMI by an SSM parameter (resolve:ssm:...): cfn-lint allows it. */
const ssmImage = (format: IdFormat, type: string, path: TemplatePath, value: string): boolean =>
  format.name === 'AWS::EC2::Image.Id' && type === 'AWS::EC2::LaunchTemplate' && path.join('/') === 'LaunchTemplateData/ImageId' && value.startsWith('resolve:ssm');

/** A literal (or an Fn::If between literals) under a property that holds an id format. */
interface IdSite {
  type: string;
  value: unknown;
  /** Path inside Properties (for the spec lookup). */
  rel: TemplatePath;
  /** Path from the template root. */
  abs: TemplatePath;
}

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
    if (r.type.startsWith('Custom::') || !/^[a-zA-Z0-9]+$/.test(r.id) || !hasFormats(r.type)) continue;
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
        if (constraintAt(r.type, rel)?.f !== undefined) out.push({ type: r.type, value: v, rel: [...rel], abs: [...abs] });
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
      if (typeof b.value === 'string' && !b.value.includes('{{resolve:') && !format.pattern.test(b.value) && !ssmImage(format, site.type, site.rel, b.value)) {
        out.push({ path: b.path, message: `'${b.value}' is not a '${format.name}' with pattern '${shownPattern(format)}'` });
      }
    }
  }
  return out;
}
