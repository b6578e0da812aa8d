// DynamoDB rejects attribute definitions that no key schema uses, and key attributes left undefined.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { intrinsicName, isRecord, resourcesOf, usesSam } from '../template-walk.js';

const names = (list: unknown, key: string): string[] | undefined => {
  if (!Array.isArray(list)) return list === undefined ? [] : undefined;
  const out: string[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item[key] !== 'string') return undefined;
    out.push(item[key] as string);
  }
  return out;
};

export const E3039 = cfnLintRule({
  id: 'E3039',
  severity: 'error',
  shortDescription: 'AttributeDefinitions / KeySchemas mismatch',
  description: 'A DynamoDB table defines exactly the attributes its key schemas (table and indexes) use.',
  tags: ['resources', 'dynamodb'],
  check(ctx) {
    const out: RuleFinding[] = [];
    if (usesSam(ctx.body)) return [];
    for (const r of resourcesOf(ctx, 'AWS::DynamoDB::Table')) {
      const p = r.props;
      if (JSON.stringify(p).includes('"Fn::')) continue;
      const defined = names(p.AttributeDefinitions, 'AttributeName');
      const keys = [p.KeySchema, ...[p.GlobalSecondaryIndexes, p.LocalSecondaryIndexes].flatMap((l) => (Array.isArray(l) ? l.map((i) => (isRecord(i) ? i.KeySchema : undefined)) : []))];
      const used = keys.map((k) => names(k, 'AttributeName'));
      if (!defined || used.some((u) => u === undefined) || intrinsicName(p.AttributeDefinitions)) continue;
      const usedSet = [...new Set(used.flat() as string[])].sort();
      const definedSet = [...new Set(defined)].sort();
      if (JSON.stringify(usedSet) !== JSON.stringify(definedSet)) {
        const show = (l: string[]) => `[${l.map((n) => `'${n}'`).join(', ')}]`;
        out.push({ path: [...r.path, 'Properties'], message: `The set of Attributes in AttributeDefinitions: ${show(definedSet)} and KeySchemas: ${show(usedSet)} must match at ${[...r.path, 'Properties'].join('/')}` });
      }
    }
    return out;
  },
});
