// Route 53 record sets, standalone or inside a record set group, with their paths.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleContext } from '../../types.js';
import { intrinsicName, isRecord, resourcesOf } from '../template-walk.js';

export interface RecordSet {
  props: Record<string, unknown>;
  path: TemplatePath;
}

/** Every literal record set of the template (AWS::Route53::RecordSet and RecordSetGroup entries). */
export function recordSets(ctx: RuleContext): RecordSet[] {
  const out: RecordSet[] = [];
  for (const r of resourcesOf(ctx, 'AWS::Route53::RecordSet')) out.push({ props: r.props, path: [...r.path, 'Properties'] });
  for (const r of resourcesOf(ctx, 'AWS::Route53::RecordSetGroup')) {
    const sets = r.props.RecordSets;
    if (Array.isArray(sets)) sets.forEach((s, i) => isRecord(s) && intrinsicName(s) === undefined && out.push({ props: s, path: [...r.path, 'Properties', 'RecordSets', i] }));
  }
  return out;
}
