// Wire helpers: aws-chunked decoding (signed and unsigned), the small XML parser, SigV4 scope parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAwsChunked, isAwsChunked } from '../../../src/localcloud/protocol/aws-chunked.js';
import { signerOf } from '../../../src/localcloud/protocol/http.js';
import { childText, children, parseXml, renderXml } from '../../../src/localcloud/protocol/xml.js';
import { accountForAccessKey } from '../../../src/localcloud/index.js';

describe('localcloud wire helpers', () => {
  it('decodes signed aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
    const sig = 'chunk-signature=' + 'a'.repeat(64);
    const body = Buffer.from(`5;${sig}\r\nhello\r\n6;${sig}\r\n world\r\n0;${sig}\r\n\r\n`);
    const decoded = decodeAwsChunked(body);
    assert.equal(decoded.data.toString(), 'hello world');
    assert.deepEqual(decoded.trailers, {});
    assert.ok(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }));
  });

  it('decodes unsigned aws-chunked bodies with a trailing checksum', () => {
    const body = Buffer.from('3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n');
    const decoded = decodeAwsChunked(body);
    assert.equal(decoded.data.toString(), 'abc');
    assert.deepEqual(decoded.trailers, { 'x-amz-checksum-crc32': 'NSRBwg==' });
    assert.throws(() => decodeAwsChunked(Buffer.from('10\r\nabc')), /shorter/);
  });

  it('parses S3 request documents and renders Query lists as members', () => {
    const doc = parseXml('<?xml version="1.0"?><Tagging xmlns="x"><TagSet><Tag><Key>a&amp;b</Key><Value/></Tag><Tag><Key>c</Key><Value>d</Value></Tag></TagSet></Tagging>');
    const tags = children(children(doc, 'TagSet')[0], 'Tag');
    assert.deepEqual(tags.map((t) => [childText(t, 'Key'), childText(t, 'Value')]), [['a&b', ''], ['c', 'd']]);
    assert.equal(parseXml('<a><b></a>'), undefined);
    assert.equal(renderXml('Stacks', [{ Name: 'x<y' }]), '<Stacks><member><Name>x&lt;y</Name></member></Stacks>');
    assert.equal(renderXml('Contents', [{ Key: 'k' }, { Key: 'l' }], true), '<Contents><Key>k</Key></Contents><Contents><Key>l</Key></Contents>');
  });

  it('reads region, service and key from the SigV4 scope', () => {
    const signer = signerOf({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-central-1/ssm/aws4_request, SignedHeaders=host, Signature=x' }, query: new URLSearchParams() });
    assert.deepEqual(signer, { accessKeyId: 'AKIDEXAMPLE', region: 'eu-central-1', service: 'ssm' });
    assert.equal(accountForAccessKey('test'), '000000000000');
    assert.equal(accountForAccessKey('123456789012'), '123456789012');
    assert.equal(accountForAccessKey('AKIDEXAMPLE'), accountForAccessKey('AKIDEXAMPLE'));
  });
});
