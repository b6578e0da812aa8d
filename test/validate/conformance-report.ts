// Prints the conformance figures without the test runner around them:
// `node --import tsx test/validate/conformance-report.ts [--misses RULE...]`.
import { conformanceAvailable, recallTable, scoreConformance, scoreTable } from './conformance-score.js';

if (!conformanceAvailable()) throw new Error('conformance material not found at ../shared/conformance');
const result = scoreConformance();
const args = process.argv.slice(2);
const scored = result.scores.filter((s) => s.tp + s.fp + s.fn > 0);
process.stdout.write(scoreTable(scored));
const weak = scored.filter((s) => s.precision < 0.95 || s.recall < 0.9);
process.stdout.write(`\nbelow the bar (P<0.95 or R<0.90): ${weak.map((s) => s.id).join(' ') || 'none'}\n`);
process.stdout.write(`${recallTable(result.recall)}\n`);
process.stdout.write(`errors on clean templates: ${result.cleanErrors.length}\n`);
for (const f of result.cleanErrors) process.stdout.write(`  ${f.file}:${f.line} ${f.ruleId} ${f.message}\n`);
process.stdout.write(`missed parse failures: ${result.missedParseFailures.join(' ') || 'none'}\n`);
const show = args[0] === '--misses' ? args.slice(1) : weak.map((s) => s.id);
for (const id of show) {
  for (const fp of result.falsePositives.get(id) ?? []) process.stdout.write(`FP ${id} ${fp}\n`);
  for (const fn of result.falseNegatives.get(id) ?? []) process.stdout.write(`FN ${id} ${fn}\n`);
}
