// `validate --regions` refuses a region the validator has no data for (issue 17 item 5), with the
// known region it was probably meant to be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unsupportedRegions } from '../../src/validate/index.js';

test('known regions pass, in every partition', () => {
  assert.deepEqual(unsupportedRegions(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-7']), []);
});

test('an unknown number, capitals or a missing number suggest the known region; a made-up name suggests nothing', () => {
  assert.deepEqual(unsupportedRegions(['us-east-9', 'US-WEST-2', 'eu-central', 'mars-1', 'us-east-1']), [
    { region: 'us-east-9', near: 'us-east-1' },
    { region: 'US-WEST-2', near: 'us-west-2' },
    { region: 'eu-central', near: 'eu-central-1' },
    { region: 'mars-1' },
  ]);
});
