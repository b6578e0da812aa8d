import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrSubnets } from '../../../src/template/index.js';

test('IPv4 subnets start at the network address and step by the subnet size', () => {
  assert.deepEqual(cidrSubnets('192.168.0.0/24', 6, 5), [
    '192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27',
  ]);
  assert.deepEqual(cidrSubnets('10.0.7.9/16', 3, 12), ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
  assert.deepEqual(cidrSubnets('10.0.0.0/8', 1, 24), ['10.0.0.0/8']);
});

test('IPv6 subnets are written in RFC 5952 form', () => {
  assert.deepEqual(cidrSubnets('2001:db8::/56', 3, 64), ['2001:db8::/64', '2001:db8:0:1::/64', '2001:db8:0:2::/64']);
  assert.deepEqual(cidrSubnets('2600:1f14:abcd:ef00::/56', 2, 64), ['2600:1f14:abcd:ef00::/64', '2600:1f14:abcd:ef01::/64']);
  // Host bits of the block are cleared; of two equal zero runs the first becomes '::'.
  assert.deepEqual(cidrSubnets('fd00::1:0:0:0/64', 2, 60), ['fd00::/68', 'fd00::1000:0:0:0/68']);
});

test('blocks, counts and sizes that do not fit are errors', () => {
  assert.ok('error' in (cidrSubnets('10.0.0.0/24', 2, 9) as object), 'subnet larger than the block');
  assert.ok('error' in (cidrSubnets('10.0.0.0/24', 9, 5) as object), 'more subnets than fit');
  assert.ok('error' in (cidrSubnets('10.0.0.0/16', 0, 8) as object), 'zero count');
  assert.ok('error' in (cidrSubnets('10.0.0.300/16', 1, 8) as object), 'bad octet');
  assert.ok('error' in (cidrSubnets('10.0.0.0', 1, 8) as object), 'no prefix');
  assert.ok('error' in (cidrSubnets('2001:db8:::/56', 1, 64) as object), 'bad IPv6');
});
