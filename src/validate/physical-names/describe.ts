// How findings about physical names name things: a deployment, a namespace.
import type { NameClaim, NameTarget } from './claims.js';
import type { NameScope } from './naming.js';

/** `shop-app in us-west-2`, `stage stack shop-app-stage in us-east-1`, with the account when it tells them apart. */
export function describeTarget(t: NameTarget, withAccount: boolean): string {
  const who = t.variant === 'stage' ? `stage stack ${t.stackName}` : `stack ${t.stackName}`;
  return `${who} in ${t.region}${withAccount ? ` (account ${t.accountKnown ? t.account : "the caller's account"})` : ''}`;
}

const SCOPE_WORDS: Record<NameScope, string> = {
  global: 'are global: one name in every account and region',
  account: 'are unique per account across all regions',
  regional: 'are unique per account and region',
};

/** Why two claims meet: `AWS::S3::Bucket names are global: ...`. */
export function scopeWords(c: NameClaim): string {
  return `${c.type} names ${SCOPE_WORDS[c.scope]}`;
}

/** `BucketName 'x' of Assets (AWS::S3::Bucket)`. */
export function describeName(c: NameClaim): string {
  return `${c.property} '${c.display}' of ${c.logicalId} (${c.type})`;
}
