// A Redis replication group whose parameter group turns cluster mode on needs automatic failover
// and more than one node (or node groups). Judged per condition scenario, as cfn-lint does: the
// parameter group and the failover setting often depend on the same condition.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { conditionLogic, type Fact } from '../condition-logic.js';
import { assignments, conditionNamesDeep, resolveDeep } from '../condition-scenarios.js';
import { cfnLintRule } from '../define.js';
import { isFalse, isRecord, resourcesOf } from '../template-walk.js';

/** The Refs a value can be, each with the Fn::If branches (as facts) it sits under. */
function refSites(v: unknown, path: TemplatePath, facts: Fact[], out: { target: string; path: TemplatePath; facts: Fact[] }[]): void {
  if (!isRecord(v)) return;
  if (typeof v.Ref === 'string') return void out.push({ target: v.Ref, path: [...path, 'Ref'], facts });
  const args = v['Fn::If'];
  if (Array.isArray(args) && args.length === 3 && typeof args[0] === 'string') {
    refSites(args[1], [...path, 'Fn::If', 1], [...facts, { name: args[0], value: true }], out);
    refSites(args[2], [...path, 'Fn::If', 2], [...facts, { name: args[0], value: false }], out);
  }
}

const clusterEnabled = (props: unknown): boolean => isRecord(props) && props['cluster-enabled'] === 'yes';

export const E3026 = cfnLintRule({
  id: 'E3026',
  severity: 'error',
  shortDescription: 'Check Elastic Cache Redis Cluster settings',
  description: 'A replication group in cluster mode (its parameter group sets cluster-enabled: yes) has automatic failover and more than one cache cluster.',
  tags: ['resources', 'elasticcache'],
  check(ctx) {
    const resources = isRecord(ctx.body.Resources) ? ctx.body.Resources : {};
    const logic = conditionLogic(ctx.body);
    const out: RuleFinding[] = [];
    for (const rg of resourcesOf(ctx, 'AWS::ElastiCache::ReplicationGroup')) {
      const sites: { target: string; path: TemplatePath; facts: Fact[] }[] = [];
      refSites(rg.props.CacheParameterGroupName, [...rg.path, 'Properties', 'CacheParameterGroupName'], [], sites);
      for (const site of sites) {
        const pg = resources[site.target];
        const pgProps = isRecord(pg) && isRecord(pg.Properties) ? pg.Properties.Properties : undefined;
        if (pgProps === undefined) continue;
        const names = conditionNamesDeep([rg.props, pgProps]);
        const scenarios = names.length === 0 ? [new Map<string, boolean>()] : assignments(names, (t) => logic.satisfiable([...t].map(([name, value]) => ({ name, value }))));
        for (const truth of scenarios) {
          // The Ref only applies where its own Fn::If branches are taken.
          if (site.facts.some((f) => truth.has(f.name) && truth.get(f.name) !== f.value)) continue;
          if (!clusterEnabled(resolveDeep(pgProps, truth))) continue;
          const props = resolveDeep(rg.props, truth) as Record<string, unknown>;
          const when = truth.size === 0 ? '' : ` when ${[...truth].map(([k, v]) => `when condition "${k}" is ${v ? 'True' : 'False'}`).join(' and ')}`;
          if (isFalse(props.AutomaticFailoverEnabled)) {
            const at = [...site.path, 'AutomaticFailoverEnabled'];
            out.push({ path: at, message: `"AutomaticFailoverEnabled" must be misssing or True when setting up a cluster${when} at ${at.join('/')}` });
          }
          const clusters = props.NumCacheClusters ?? 0;
          if (!props.NumNodeGroups && typeof clusters === 'number' && clusters <= 1) {
            const at = [...site.path, 'NumCacheClusters'];
            out.push({ path: at, message: `"NumCacheClusters" must be greater than one when creating a cluster${when} at ${at.join('/')}` });
          }
        }
      }
    }
    return out;
  },
});
