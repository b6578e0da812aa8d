// The preview's counts and human lines when change sets include nested stacks: the nested stack keeps
// its own line, its resources follow as Child/Resource, indented, and are what the counts count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceChange } from '../../../src/cloud/index.js';
import { countChanges, previewLines, type StackPreview } from '../../../src/pipeline/stages/preview.js';

const change = (action: string, logicalId: string, resourceType: string, extra: Partial<ResourceChange> = {}): ResourceChange => ({ action, logicalId, resourceType, scope: [], details: [], ...extra });

const CHANGES: ResourceChange[] = [
  change('Modify', 'Network', 'AWS::CloudFormation::Stack', { replacement: 'False' }),
  change('Modify', 'Network/Queue', 'AWS::SQS::Queue', { replacement: 'True', details: [{ attribute: 'Properties', name: 'QueueName' }] }),
  change('Modify', 'Network/Inner', 'AWS::CloudFormation::Stack', { replacement: 'False' }),
  change('Add', 'Network/Inner/Topic', 'AWS::SNS::Topic'),
  // A nested stack without a nested change set (no ChangeSetId from AWS) is a change of its own.
  change('Modify', 'Legacy', 'AWS::CloudFormation::Stack', { replacement: 'False' }),
  change('Remove', 'Old', 'AWS::SSM::Parameter'),
];

test('counts go through nested stacks whose resources are listed, not their own lines', () => {
  assert.deepEqual(countChanges(CHANGES), { adds: 1, modifies: 2, removes: 1, replacements: 1 });
});

test('lines indent nested resources under their nested stack and keep the full path', () => {
  const preview: StackPreview = { region: 'eu-west-1', stack: 'app', kind: 'changes', ...countChanges(CHANGES), changes: CHANGES };
  assert.deepEqual(previewLines(preview), [
    '~ Network AWS::CloudFormation::Stack',
    '  ~ Network/Queue AWS::SQS::Queue [REPLACEMENT] (QueueName)',
    '  ~ Network/Inner AWS::CloudFormation::Stack',
    '    + Network/Inner/Topic AWS::SNS::Topic',
    '~ Legacy AWS::CloudFormation::Stack',
    '- Old AWS::SSM::Parameter',
  ]);
});
