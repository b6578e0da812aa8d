// STS through the real @aws-sdk/client-sts: the caller's account, AssumeRole into another account.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { LocalCloud } from '../../src/localcloud/index.js';
import { errorOf, s3Client, ssmClient, start, stsClient } from './helpers.js';

describe('localcloud STS', () => {
  let cloud: LocalCloud;
  before(async () => {
    cloud = await start();
  });
  after(() => cloud.stop());

  it('maps the default test key to 000000000000 and 12-digit keys to themselves', async () => {
    const me = await stsClient(cloud, 'us-east-1').send(new GetCallerIdentityCommand({}));
    assert.deepEqual([me.Account, me.Arn], ['000000000000', 'arn:aws:iam::000000000000:root']);
    const other = await stsClient(cloud, 'eu-west-1', { accessKeyId: '222222222222', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({}));
    assert.equal(other.Account, '222222222222');
    const hashed1 = await stsClient(cloud, 'eu-west-1', { accessKeyId: 'AKIAMERIDIANTEST0001', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({}));
    const hashed2 = await stsClient(cloud, 'ap-southeast-2', { accessKeyId: 'AKIAMERIDIANTEST0001', secretAccessKey: 'y' }).send(new GetCallerIdentityCommand({}));
    assert.match(hashed1.Account ?? '', /^\d{12}$/);
    assert.equal(hashed1.Account, hashed2.Account);
  });

  it('assumes a role in another account; its credentials act in that account', async () => {
    const sts = stsClient(cloud, 'us-east-1');
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/meridian-deploy', RoleSessionName: 'run-42', DurationSeconds: 900 }));
    const creds = assumed.Credentials;
    assert.ok(creds?.AccessKeyId && creds.SecretAccessKey && creds.SessionToken);
    assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/meridian-deploy/run-42');
    const expiresIn = (creds.Expiration?.getTime() ?? 0) - cloud.clock.now();
    assert.ok(expiresIn > 890_000 && expiresIn <= 900_000, `expiration ${expiresIn} ms ahead`);
    const asRole = { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken };
    const who = await stsClient(cloud, 'eu-west-1', asRole).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Account, who.Arn], ['111111111111', 'arn:aws:sts::111111111111:assumed-role/meridian-deploy/run-42']);
    // Resources made with the role's credentials belong to the role's account.
    await s3Client(cloud, 'eu-west-1', asRole).send(new CreateBucketCommand({ Bucket: 'prod-artifacts' }));
    const mine = await s3Client(cloud, 'eu-west-1').send(new ListBucketsCommand({}));
    assert.ok(!mine.Buckets?.some((b) => b.Name === 'prod-artifacts'));
    await ssmClient(cloud, 'eu-west-1', asRole).send(new PutParameterCommand({ Name: '/acct', Value: 'prod', Type: 'String' }));
    assert.equal((await errorOf(ssmClient(cloud, 'eu-west-1').send(new GetParameterCommand({ Name: '/acct' })))).name, 'ParameterNotFound');
  });

  it('refuses a malformed role ARN', async () => {
    const err = await errorOf(stsClient(cloud, 'us-east-1').send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 's1' })));
    assert.equal(err.name, 'ValidationError');
  });
});
