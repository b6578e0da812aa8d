// Which account a caller is, from the access key alone (signatures are never verified).
import { createHash } from 'node:crypto';

/** The account of the default test credentials (LocalStack's convention). */
export const DEFAULT_ACCOUNT = '000000000000';

const DEFAULT_KEYS = new Set(['', 'test', 'testing', 'AKIAIOSFODNN7EXAMPLE', 'ANONYMOUS']);
// Keys minted by STS AssumeRole carry their account inside, so they survive restarts without state.
const MINTED = /^ASIA(\d{12})[A-Z0-9]{4}$/;

/** The 12-digit account id for an access key: 12-digit keys are the id; minted keys carry it; others hash. */
export function accountForAccessKey(accessKeyId: string): string {
  if (DEFAULT_KEYS.has(accessKeyId)) return DEFAULT_ACCOUNT;
  if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
  const minted = MINTED.exec(accessKeyId);
  if (minted?.[1]) return minted[1];
  const digest = createHash('sha256').update(accessKeyId).digest();
  return (digest.readBigUInt64BE(0) % 1_000_000_000_000n).toString().padStart(12, '0');
}

/** An access key id that `accountForAccessKey` maps back to `account`. */
export function mintAccessKeyId(account: string, suffix: string): string {
  return `ASIA${account}${suffix.toUpperCase().replace(/[^A-Z0-9]/g, 'X').padEnd(4, 'X').slice(0, 4)}`;
}
