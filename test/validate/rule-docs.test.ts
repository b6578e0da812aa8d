// Every Meridian rule's `docs` link (SARIF helpUri, JSON Rule.Source) lands on a heading of
// docs/validate.md: GitHub makes `### M1001` the anchor `#m1001`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { M0002, PHYSICAL_NAME_RULES, createValidator } from '../../src/validate/index.js';

const DOCS = new URL('../../docs/validate.md', import.meta.url);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');

test('each Meridian rule links to a heading of docs/validate.md', () => {
  const anchors = new Set([...readFileSync(DOCS, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? '')));
  const rules = [...createValidator({ discoverConfig: false }).rules().filter((r) => r.source === 'meridian'), M0002, ...PHYSICAL_NAME_RULES];
  assert.deepEqual(rules.map((r) => r.id).sort(), ['M0001', 'M0002', 'M1001', 'M1002', 'M1003', 'M1004']);
  for (const rule of rules) {
    const [page, anchor] = rule.docs.split('#');
    assert.match(page ?? '', /\/docs\/validate\.md$/, rule.id);
    assert.ok(anchors.has(anchor ?? ''), `${rule.id}: docs/validate.md has no heading for #${anchor}`);
  }
});
