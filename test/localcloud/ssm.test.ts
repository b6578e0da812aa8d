// SSM Parameter Store through the real @aws-sdk/client-ssm over HTTP (SPEC.md "SSM").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { LocalCloud } from '../../src/localcloud/index.js';
import { REGIONS, errorOf, ssmClient, start } from './helpers.js';

describe('localcloud SSM', () => {
  let cloud: LocalCloud;
  let ssm: SSMClient;
  before(async () => {
    cloud = await start();
    ssm = ssmClient(cloud, 'us-east-1');
  });
  after(() => cloud.stop());

  it('keeps parameters apart per region', async () => {
    for (const region of REGIONS) {
      await ssmClient(cloud, region).send(new PutParameterCommand({ Name: '/app/region', Value: region, Type: 'String' }));
    }
    for (const region of REGIONS) {
      const got = await ssmClient(cloud, region).send(new GetParameterCommand({ Name: '/app/region' }));
      assert.equal(got.Parameter?.Value, region);
      assert.equal(got.Parameter?.ARN, `arn:aws:ssm:${region}:000000000000:parameter/app/region`);
    }
    assert.deepEqual(cloud.ssm.get('000000000000', 'eu-west-1', '/app/region'), { value: 'eu-west-1', type: 'String', version: 1 });
  });

  it('versions a parameter on overwrite and refuses a second put without it', async () => {
    const first = await ssm.send(new PutParameterCommand({ Name: '/svc/url', Value: 'http://a', Type: 'String', Description: 'where' }));
    assert.equal(first.Version, 1);
    const again = await errorOf(ssm.send(new PutParameterCommand({ Name: '/svc/url', Value: 'http://b', Type: 'String' })));
    assert.equal(again.name, 'ParameterAlreadyExists');
    const second = await ssm.send(new PutParameterCommand({ Name: '/svc/url', Value: 'http://b', Overwrite: true }));
    assert.equal(second.Version, 2);
    const latest = await ssm.send(new GetParameterCommand({ Name: '/svc/url' }));
    assert.equal(latest.Parameter?.Value, 'http://b');
    const v1 = await ssm.send(new GetParameterCommand({ Name: '/svc/url:1' }));
    assert.equal(v1.Parameter?.Value, 'http://a');
    const labelled = await ssm.send(new LabelParameterVersionCommand({ Name: '/svc/url', ParameterVersion: 1, Labels: ['stable', '1bad'] }));
    assert.deepEqual([labelled.ParameterVersion, labelled.InvalidLabels], [1, ['1bad']]);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/svc/url:stable' }))).Parameter?.Value, 'http://a');
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/svc/url' }));
    assert.deepEqual(history.Parameters?.map((p) => p.Labels), [['stable'], []]);
    assert.deepEqual(history.Parameters?.map((p) => [p.Version, p.Value, p.Description]), [[1, 'http://a', 'where'], [2, 'http://b', 'where']]);
  });

  it('hides SecureString values unless WithDecryption, and keeps StringList as given', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/secret/db', Value: 'hunter2', Type: 'SecureString' }));
    const hidden = await ssm.send(new GetParameterCommand({ Name: '/secret/db' }));
    assert.notEqual(hidden.Parameter?.Value, 'hunter2');
    assert.equal(hidden.Parameter?.Type, 'SecureString');
    const shown = await ssm.send(new GetParameterCommand({ Name: '/secret/db', WithDecryption: true }));
    assert.equal(shown.Parameter?.Value, 'hunter2');
    await ssm.send(new PutParameterCommand({ Name: '/list/azs', Value: 'a,b,c', Type: 'StringList' }));
    const list = await ssm.send(new GetParameterCommand({ Name: '/list/azs' }));
    assert.deepEqual([list.Parameter?.Type, list.Parameter?.Value], ['StringList', 'a,b,c']);
  });

  it('reports missing names from GetParameters and errors from GetParameter and DeleteParameter', async () => {
    const got = await ssm.send(new GetParametersCommand({ Names: ['/svc/url', '/nope'] }));
    assert.deepEqual(got.Parameters?.map((p) => p.Name), ['/svc/url']);
    assert.deepEqual(got.InvalidParameters, ['/nope']);
    const missing = await errorOf(ssm.send(new GetParameterCommand({ Name: '/nope' })));
    assert.equal(missing.name, 'ParameterNotFound');
    const del = await errorOf(ssm.send(new DeleteParameterCommand({ Name: '/nope' })));
    assert.equal(del.name, 'ParameterNotFound');
    const bad = await errorOf(ssm.send(new PutParameterCommand({ Name: '/x', Value: 'v', Type: 'Number' as never })));
    assert.equal(bad.name, 'ValidationException');
  });

  it('walks a path recursively or one level, with paging', async () => {
    for (let i = 0; i < 12; i++) await ssm.send(new PutParameterCommand({ Name: `/tree/leaf${String(i).padStart(2, '0')}`, Value: `${i}`, Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/tree/deep/er', Value: 'x', Type: 'String' }));
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, MaxResults: 5, NextToken: token }));
      names.push(...(page.Parameters?.map((p) => p.Name ?? '') ?? []));
      token = page.NextToken;
      pages++;
    } while (token && pages < 10);
    assert.equal(names.length, 13);
    assert.equal(pages, 3);
    assert.ok(names.includes('/tree/deep/er'));
    const shallow = await ssm.send(new GetParametersByPathCommand({ Path: '/tree/', MaxResults: 10 }));
    assert.equal(shallow.Parameters?.length, 10);
    assert.ok(shallow.NextToken);
    assert.ok(!shallow.Parameters?.some((p) => p.Name === '/tree/deep/er'));
  });

  it('describes parameters with filters, tags them, and deletes in bulk', async () => {
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/secret'] }] }));
    assert.deepEqual(described.Parameters?.map((p) => [p.Name, p.Type, p.Version]), [['/secret/db', 'SecureString', 1]]);
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: '/svc/url', Tags: [{ Key: 'team', Value: 'shop' }] }));
    assert.deepEqual((await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/svc/url' }))).TagList, [{ Key: 'team', Value: 'shop' }]);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: '/svc/url', TagKeys: ['team'] }));
    assert.deepEqual((await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/svc/url' }))).TagList, []);
    const bulk = await ssm.send(new DeleteParametersCommand({ Names: ['/svc/url', '/list/azs', '/ghost'] }));
    assert.deepEqual(bulk.DeletedParameters, ['/svc/url', '/list/azs']);
    assert.deepEqual(bulk.InvalidParameters, ['/ghost']);
    await ssm.send(new DeleteParameterCommand({ Name: '/secret/db' }));
    assert.equal((await errorOf(ssm.send(new GetParameterCommand({ Name: '/secret/db' })))).name, 'ParameterNotFound');
  });
});
