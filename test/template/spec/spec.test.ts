import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSpecStore,
  propertySpecAt,
  replacementOf,
  resourceSpec,
  resourceTypeNames,
  SpecError,
  walkProperties,
} from '../../../src/template/index.js';

test('knows every resource type, sorted, S3 and EC2 among them', () => {
  const names = resourceTypeNames();
  assert.ok(names.length > 1500, `only ${names.length} types`);
  assert.ok(names.includes('AWS::S3::Bucket'));
  assert.ok(names.includes('AWS::EC2::Subnet'));
  assert.deepEqual([...names], [...names].sort());
});

test('S3 bucket: properties, property types, attributes, identifier, tagging', () => {
  const bucket = resourceSpec('AWS::S3::Bucket');
  assert.ok(bucket);
  assert.equal(bucket.namespace, 'AWS::S3');
  assert.deepEqual(bucket.properties.get('BucketName')?.type, { kind: 'primitive', primitive: 'string' });
  assert.equal(bucket.properties.get('BucketName')?.replacement, 'yes');
  assert.deepEqual(bucket.properties.get('BucketEncryption')?.type, { kind: 'ref', name: 'BucketEncryption' });
  assert.ok(bucket.propertyTypes.get('BucketEncryption')?.properties.has('ServerSideEncryptionConfiguration'));
  const acl = bucket.properties.get('AccessControl')?.type;
  assert.ok(acl?.kind === 'primitive' && acl.allowedValues?.includes('PublicRead'));
  assert.deepEqual(bucket.properties.get('Tags')?.type, { kind: 'list', element: { kind: 'tag' } });
  assert.deepEqual(bucket.attributes.get('Arn'), { kind: 'primitive', primitive: 'string' });
  assert.ok(bucket.attributes.has('DomainName'));
  assert.deepEqual(bucket.primaryIdentifier, ['BucketName']);
  assert.deepEqual(bucket.tagging, { property: 'Tags', variant: 'standard' });
  assert.equal(bucket.stateful, true);
  assert.deepEqual(bucket.requiredProperties, []);
});

test('required properties of a subnet and a Lambda function', () => {
  assert.ok(resourceSpec('AWS::EC2::Subnet')?.requiredProperties.includes('VpcId'));
  const fn = resourceSpec('AWS::Lambda::Function');
  assert.ok(fn);
  assert.ok(fn.requiredProperties.includes('Code'));
  assert.ok(fn.requiredProperties.includes('Role'));
  assert.equal(fn.properties.get('Handler')?.required, false);
  assert.ok(fn.attributes.has('Arn'));
});

test('replacement: yes, no, maybe, unknown', () => {
  assert.equal(replacementOf('AWS::EC2::Subnet', 'VpcId'), 'yes');
  assert.equal(replacementOf('AWS::EC2::Subnet', 'Ipv6CidrBlock'), 'maybe');
  assert.equal(replacementOf('AWS::EC2::Subnet', 'Tags'), 'no');
  assert.equal(replacementOf('AWS::S3::Bucket', 'VersioningConfiguration'), 'no');
  assert.equal(replacementOf('AWS::S3::Bucket', 'NoSuchProperty'), undefined);
  assert.equal(replacementOf('Custom::Thing', 'X'), undefined);
});

test('propertySpecAt walks lists, property types and tags', () => {
  const rule = propertySpecAt('AWS::S3::Bucket', ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm']);
  assert.ok(rule);
  assert.equal(rule.property.name, 'SSEAlgorithm');
  assert.equal(rule.property.required, true);
  assert.ok(rule.type.kind === 'primitive' && rule.type.allowedValues?.includes('aws:kms'));
  const element = propertySpecAt('AWS::S3::Bucket', ['Tags', 0]);
  assert.equal(element?.property.name, 'Tags');
  assert.deepEqual(element?.type, { kind: 'tag' });
  assert.equal(propertySpecAt('AWS::S3::Bucket', ['Tags', 0, 'Key'])?.type.kind, 'primitive');
  assert.equal(propertySpecAt('AWS::S3::Bucket', ['Tags', 0, 'Nope']), undefined);
  assert.equal(propertySpecAt('AWS::S3::Bucket', ['BucketName', 'x']), undefined);
});

test('replacement along a nested path takes the strongest step', () => {
  // A createOnly top-level property replaces whatever changes beneath it.
  const path = ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'BucketKeyEnabled'];
  assert.equal(replacementOf('AWS::S3::Bucket', path), 'no');
  assert.equal(replacementOf('AWS::EC2::Instance', ['NetworkInterfaces', 0, 'DeviceIndex']), 'yes');
});

test('unknown types are undefined, not errors', () => {
  assert.equal(resourceSpec('AWS::Nope::Thing'), undefined);
  assert.equal(resourceSpec('Custom::Thing'), undefined);
  assert.equal(resourceSpec('constructor'), undefined);
});

test('the same object comes back from the cache', () => {
  assert.equal(resourceSpec('AWS::SQS::Queue'), resourceSpec('AWS::SQS::Queue'));
});

test('a missing or stale folder is a SpecError with a code', () => {
  const missing = createSpecStore(join(tmpdir(), 'meridian-no-spec-here'));
  assert.throws(() => missing.resourceSpec('AWS::S3::Bucket'), (e: unknown) => e instanceof SpecError && e.code === 'SPEC_MISSING');
  const dir = mkdtempSync(join(tmpdir(), 'meridian-spec-'));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ format: 0, source: {}, types: {} }));
  assert.throws(() => createSpecStore(dir).resourceTypeNames(), (e: unknown) => e instanceof SpecError && e.code === 'SPEC_STALE');
});

test('a store over a hand-written folder decodes every type kind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-spec-'));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ format: 2, source: { package: 'p', version: '1' }, types: { 'X::Y::Z': 'x-y.z' } }));
  const resource = {
    properties: {
      A: { type: { union: ['json', 'string'] }, required: true, replacement: 'maybe' },
      B: { type: { map: { integer: [1, 2] } }, deprecated: 'WARN' },
      C: { type: '#Inner', references: ['AWS::EC2::VPC.VpcId'] },
    },
    types: { Inner: { D: { type: { list: 'boolean' } } } },
    attributes: { 'E.F': 'date-time' },
    replacementPaths: [['C', 'D']],
  };
  writeFileSync(join(dir, 'x-y.z.json'), JSON.stringify({ namespace: 'X::Y', resources: { 'X::Y::Z': resource } }));
  const store = createSpecStore(dir);
  const spec = store.resourceSpec('X::Y::Z');
  assert.ok(spec);
  assert.deepEqual(store.source(), { package: 'p', version: '1' });
  assert.deepEqual(spec.properties.get('A')?.type, { kind: 'union', types: [{ kind: 'json' }, { kind: 'primitive', primitive: 'string' }] });
  assert.deepEqual(spec.properties.get('B')?.type, { kind: 'map', element: { kind: 'primitive', primitive: 'integer', allowedValues: [1, 2] } });
  assert.equal(spec.properties.get('B')?.deprecated, 'WARN');
  assert.deepEqual(spec.properties.get('C')?.references, ['AWS::EC2::VPC.VpcId']);
  assert.deepEqual(spec.attributes.get('E.F'), { kind: 'primitive', primitive: 'date-time' });
  assert.deepEqual(spec.requiredProperties, ['A']);
  assert.equal(walkProperties(spec, ['C', 'D'])?.replacement, 'yes');
  assert.equal(walkProperties(spec, ['C'])?.replacement, 'no');
  assert.equal(store.resourceSpec('X::Y::Other'), undefined);
});

test('property types decode on first use and read like a map', () => {
  const spec = resourceSpec('AWS::EC2::Instance');
  assert.ok(spec);
  const types = spec.propertyTypes;
  assert.ok(types.size > 10);
  assert.equal(types.has('BlockDeviceMapping'), true);
  assert.equal(types.has('NoSuchType'), false);
  assert.equal(types.get('NoSuchType'), undefined);
  const bdm = types.get('BlockDeviceMapping');
  assert.equal(bdm?.name, 'BlockDeviceMapping');
  assert.ok(bdm?.properties.has('DeviceName'));
  assert.equal(types.get('BlockDeviceMapping'), bdm, 'decoded once, then the same object');
  assert.deepEqual([...types.keys()].length, types.size);
  assert.equal([...types.values()].length, types.size);
  assert.deepEqual(new Map(types).get('BlockDeviceMapping'), bdm);
});
