// Scores every implemented rule against what cfn-lint and cfn_nag themselves report on the
// shared conformance templates (../shared/conformance), and prints the per-rule table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conformanceAvailable, scoreConformance, scoreTable } from './conformance-score.js';

const skip = conformanceAvailable() ? false : 'conformance material not found at ../shared/conformance';

test('conformance: precision >= 0.95 and recall >= 0.90 per implemented rule', { skip }, (t) => {
  const result = scoreConformance();
  t.diagnostic(`\n${scoreTable(result.scores.filter((s) => s.tp + s.fp + s.fn > 0))}`);
  const weak = result.scores.filter((s) => s.precision < 0.95 || s.recall < 0.9);
  const details = weak.map((s) => `${s.id}: P=${s.precision.toFixed(2)} R=${s.recall.toFixed(2)} fp=${(result.falsePositives.get(s.id) ?? []).slice(0, 3).join(' ')} fn=${(result.falseNegatives.get(s.id) ?? []).slice(0, 3).join(' ')}`);
  assert.deepEqual(details, []);
  const scored = result.scores.filter((s) => s.tp > 0);
  assert.ok(scored.length >= 60, `only ${scored.length} rules matched a reference finding`);

  // A template cfn-lint found clean must stay clean of errors from cfn-lint-equivalent rules.
  assert.deepEqual(
    result.cleanErrors.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`),
    [],
  );
  // Every parse failure is reported as E0000 with the line cfn-lint gives.
  assert.deepEqual(result.missedParseFailures, []);
});
