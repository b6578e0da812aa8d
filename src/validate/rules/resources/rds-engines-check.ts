// RDS DB instance engines and engine versions against the versions RDS offers (E3691) and those
// it no longer lets new instances use (W3691). Both read literals, branch by branch of Fn::If.
import type { RuleContext, RuleFinding } from '../../types.js';
import { rdsEngines } from '../../data/reference-data.js';
import { literalBranches, resourcesOf } from '../template-walk.js';

const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
/** RDS reads engine names case-insensitively (cfn-lint lower-cases them before both checks). */
const engineOf = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** E3691: an engine RDS knows, and a version that engine has. */
export function engineVersionFindings(ctx: RuleContext): RuleFinding[] {
  const data = rdsEngines();
  const out: RuleFinding[] = [];
  for (const r of resourcesOf(ctx, 'AWS::RDS::DBInstance')) {
    const base = [...r.path, 'Properties'];
    for (const engine of literalBranches(r.props.Engine, [...base, 'Engine'])) {
      const name = engineOf(engine.value);
      if (name === undefined) continue;
      if (!data.engines.includes(name)) {
        out.push({ path: engine.path, message: `'${name}' is not one of ${list(data.engines)}` });
        continue;
      }
      const known = data.versions[name];
      if (!known) continue;
      for (const version of literalBranches(r.props.EngineVersion, [...base, 'EngineVersion'])) {
        const v = text(version.value);
        if (v !== undefined && !known.includes(v)) out.push({ path: version.path, message: `'${v}' is not one of ${list(known)}` });
      }
    }
  }
  return out;
}

/** W3691: a version RDS has deprecated for the engine (it cannot create new instances with it). */
export function deprecatedVersionFindings(ctx: RuleContext): RuleFinding[] {
  const data = rdsEngines();
  const out: RuleFinding[] = [];
  for (const r of resourcesOf(ctx, 'AWS::RDS::DBInstance')) {
    const base = [...r.path, 'Properties'];
    for (const engine of literalBranches(r.props.Engine, [...base, 'Engine'])) {
      const name = engineOf(engine.value);
      const old = name === undefined ? undefined : data.deprecated[name];
      if (!old) continue;
      for (const version of literalBranches(r.props.EngineVersion, [...base, 'EngineVersion'])) {
        const v = text(version.value);
        // cfn-lint reports the instance's Properties: the pair is wrong, not either value alone.
        if (v !== undefined && old.includes(v)) out.push({ path: base, message: `Engine version '${v}' for engine '${name}' is deprecated and cannot be used to create new RDS DB instances` });
      }
    }
  }
  return out;
}
