// Drift detection: each resource's deployed properties against its live state. S3 buckets and
// SSM parameters are read from localcloud's S3 and SSM; the record types from their live records.
import { isRecord } from '../../../template/index.js';
import type { PropertyDifference, ResourceDriftResult, ResourceRecord } from './records.js';
import type { ProvisionContext, ResourceKind } from './resource-types.js';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Differences from `expected` to `actual` as JSON-pointer paths (`/Value`, `/Tags/0/Value`). */
export function propertyDifferences(expected: unknown, actual: unknown, path = ''): PropertyDifference[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  // A value given as a dynamic reference is expected to differ from its text: it is not compared.
  if (typeof expected === 'string' && expected.includes('{{resolve:')) return [];
  const bothObjects = isRecord(expected) && isRecord(actual);
  const bothArrays = Array.isArray(expected) && Array.isArray(actual);
  if (bothObjects || bothArrays) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])];
    return keys.flatMap((k) => {
      const p = `${path}/${escape(k)}`;
      if (!(k in a)) return [{ PropertyPath: p, ExpectedValue: show(e[k]), ActualValue: 'null', DifferenceType: 'REMOVE' as const }];
      if (!(k in e)) return [{ PropertyPath: p, ExpectedValue: 'null', ActualValue: show(a[k]), DifferenceType: 'ADD' as const }];
      return propertyDifferences(e[k], a[k], p);
    });
  }
  // Scalars CloudFormation compares as strings ("1" and 1 are in sync).
  if (!isRecord(expected) && !Array.isArray(expected) && !isRecord(actual) && !Array.isArray(actual) && String(expected) === String(actual)) return [];
  return [{ PropertyPath: path || '/', ExpectedValue: show(expected), ActualValue: show(actual), DifferenceType: 'NOT_EQUAL' }];
}

/** Checks one resource; NOT_CHECKED for types localcloud cannot read back. */
export function checkResource(rec: ResourceRecord, kind: ResourceKind, ctx: ProvisionContext, now: string): ResourceDriftResult {
  if (!kind.actual || rec.physicalId === undefined) return { status: 'NOT_CHECKED', lastCheck: now, differences: [] };
  const actual = kind.actual(rec.physicalId, rec.properties, ctx);
  if (actual === undefined) return { status: 'DELETED', lastCheck: now, expected: rec.properties, differences: [] };
  const differences = propertyDifferences(rec.properties, actual);
  return { status: differences.length > 0 ? 'MODIFIED' : 'IN_SYNC', lastCheck: now, expected: rec.properties, actual, differences };
}
