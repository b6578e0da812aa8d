// One finding per problem where Meridian reports for a pipeline (issue 17 item 3): the rule's
// finding repeated for each region, differing only by the region it names, is one finding naming
// each region; a finding of one region only, or one that names another region, stays as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRegionFindings } from '../../src/validate/index.js';

const at = (message: string, line = 3, ruleId = 'E3006') => ({ file: 't.yaml', line, column: 5, ruleId, message });
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];

test('a finding of three regions is one finding at its place, naming them in order', () => {
  const merged = mergeRegionFindings(
    REGIONS.map((r) => at(`Resource type 'AWS::Foo::Bar' does not exist in '${r}'`)),
    REGIONS,
  );
  assert.deepEqual(merged, [at("Resource type 'AWS::Foo::Bar' does not exist in 'us-east-1', 'eu-west-1', 'us-west-2'")]);
});

test('bare region names are listed bare; exact repeats are dropped', () => {
  const merged = mergeRegionFindings([at('not available in us-east-1 yet'), at('not available in us-east-1 yet'), at('not available in us-west-2 yet')], REGIONS);
  assert.deepEqual(merged.map((f) => f.message), ['not available in us-east-1, us-west-2 yet']);
});

test('findings at other lines, of other rules, or of one region only stay apart', () => {
  const findings = [
    at("does not exist in 'us-east-1'", 3),
    at("does not exist in 'eu-west-1'", 9),
    at("does not exist in 'us-west-2'", 3, 'E3007'),
    at('a finding that names no region', 3),
  ];
  assert.deepEqual(mergeRegionFindings(findings, REGIONS), findings);
});

test('a region inside a longer name is not a region (names-us-east-1-bucket, us-east-1a)', () => {
  const findings = [at("BucketName 'names-us-east-1' is taken"), at("BucketName 'names-eu-west-1' is taken"), at('zone us-east-1a'), at('zone eu-west-1a')];
  assert.deepEqual(mergeRegionFindings(findings, REGIONS), findings);
});

test('the input is not changed', () => {
  const findings = REGIONS.map((r) => at(`in '${r}'`));
  mergeRegionFindings(findings, REGIONS);
  assert.deepEqual(findings.map((f) => f.message), ["in 'us-east-1'", "in 'eu-west-1'", "in 'us-west-2'"]);
});
