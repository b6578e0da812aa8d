// Record values must fit their record type; Route 53 rejects the change otherwise.
import { isIPv4, isIPv6 } from 'node:net';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { literalBranches } from '../template-walk.js';
import { recordSets } from './route53-records.js';

const TXT = /^("[^"]{1,255}" *)*"[^"]{1,255}"$/;
const CAA = /^(0|128)\s([a-zA-Z0-9]+)\s(".+")$/;
const DOMAIN = /^[^\s]+$/;

function valueProblem(type: string, v: string): string | undefined {
  switch (type) {
    case 'A':
      return isIPv4(v) ? undefined : `'${v}' is not a 'ipv4'`;
    case 'AAAA':
      return isIPv6(v) ? undefined : `'${v}' is not a 'ipv6'`;
    case 'TXT':
    case 'SPF':
      return TXT.test(v) ? undefined : `'${v}' does not match '${TXT.source}'`;
    case 'CAA':
      return CAA.test(v) ? undefined : `'${v}' does not match '${CAA.source}'`;
    case 'MX': {
      const m = /^(\d{1,5}) ([^\s]+)$/.exec(v);
      return m && Number(m[1]) <= 65535 ? undefined : `'${v}' is not a valid MX record (priority 0-65535, a space, a domain name)`;
    }
    case 'CNAME':
      return DOMAIN.test(v) ? undefined : `'${v}' is not valid under any of the given schemas`;
    default:
      return undefined;
  }
}

export const E3023 = cfnLintRule({
  id: 'E3023',
  severity: 'error',
  shortDescription: 'Validate Route53 RecordSets',
  description: 'ResourceRecords fit the record Type (IPv4 for A, IPv6 for AAAA, quoted strings for TXT, CAA and MX formats, one CNAME).',
  tags: ['resources', 'route53'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const s of recordSets(ctx)) {
      const type = s.props.Type;
      if (typeof type !== 'string') continue;
      // A condition may choose between whole record lists: each choice must be valid.
      for (const { value: records, path } of literalBranches(s.props.ResourceRecords, [...s.path, 'ResourceRecords'])) {
        if (!Array.isArray(records)) continue;
        if (type === 'CNAME' && records.length > 1) out.push({ path: [...s.path, 'ResourceRecords'], message: `expected maximum item count: 1, found: ${records.length}` });
        checkRecords(type, records, path, out);
      }
    }
    return out;
  },
});

function checkRecords(type: string, records: unknown[], path: readonly (string | number)[], out: RuleFinding[]): void {
  records.forEach((v, i) => {
    if (typeof v !== 'string' || v.includes('{{resolve:')) return;
    const problem = valueProblem(type, v);
    if (problem) out.push({ path: [...path, i], message: problem });
  });
}
