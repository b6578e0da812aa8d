// Allowed DeletionPolicy / UpdateReplacePolicy values; Snapshot only where the type supports it.
import type { RuleFinding } from '../../types.js';
import type { ResourceEntry } from '../template-walk.js';
import { intrinsicName } from '../template-walk.js';

/** Types CloudFormation can snapshot before deleting or replacing. */
export const SNAPSHOT_TYPES = new Set([
  'AWS::DocDB::DBCluster', 'AWS::EC2::Volume', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::Redshift::Cluster', 'AWS::MemoryDB::Cluster',
]);

/** Checks one policy attribute; conditions (Fn::If) choose between allowed values. */
export function checkPolicy(r: ResourceEntry, key: 'DeletionPolicy' | 'UpdateReplacePolicy', base: string[]): RuleFinding[] {
  if (!(key in r.raw)) return [];
  const allowed = SNAPSHOT_TYPES.has(r.type) || r.type.startsWith('Custom::') ? [...base, 'Snapshot'].sort() : base;
  const check = (v: unknown, path: (string | number)[]): RuleFinding[] => {
    const fn = intrinsicName(v);
    if (fn === 'Fn::If' || fn === 'Ref' || fn === 'Fn::FindInMap') {
      if (fn !== 'Fn::If') return [];
      const args = (v as Record<string, unknown>)['Fn::If'];
      return Array.isArray(args) ? [...check(args[1], [...path, 'Fn::If', 1]), ...check(args[2], [...path, 'Fn::If', 2])] : [];
    }
    const shown = JSON.stringify(v);
    if (typeof v !== 'string') return [{ path, message: `${shown} is not of type 'string'` }, { path, message: `${shown} is not one of [${allowed.map((a) => `'${a}'`).join(', ')}]` }];
    if (!allowed.includes(v)) return [{ path, message: `'${v}' is not one of [${allowed.map((a) => `'${a}'`).join(', ')}]` }];
    return [];
  };
  return check(r.raw[key], [...r.path, key]);
}
