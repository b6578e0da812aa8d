// Fn::Cidr: `count` consecutive subnets of `cidrBits` host bits, carved from the start of an
// IPv4 or IPv6 block. Addresses are BigInts so both families share one piece of arithmetic.
import type { TemplatePath } from '../source-map.js';
import type { Evaluator } from './evaluator.js';
import { Unresolved } from './unresolved.js';

interface Block {
  family: 4 | 6;
  address: bigint;
  prefix: number;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return undefined;
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function parseBlock(text: string): Block | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const [, ip = '', bits = ''] = match;
  const family = ip.includes(':') ? 6 : 4;
  const address = family === 4 ? parseIpv4(ip) : parseIpv6(ip);
  const prefix = Number(bits);
  if (address === undefined || prefix > bitsOf(family)) return undefined;
  return { family, address, prefix };
}

function formatIpv4(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join('.');
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (2+) of zero groups as `::`. */
function formatIpv6(address: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** Splits `block` into `count` subnets of `hostBits` host bits each. */
export function cidrSubnets(block: string, count: number, hostBits: number): string[] | { error: string } {
  const parsed = parseBlock(block);
  if (!parsed) return { error: `'${block}' is not a valid CIDR block` };
  const total = bitsOf(parsed.family);
  const prefix = total - hostBits;
  if (!Number.isInteger(hostBits) || hostBits < 1 || prefix < parsed.prefix) {
    return { error: `cidrBits ${hostBits} does not fit in ${block}: subnets need a prefix between /${parsed.prefix} and /${total - 1}` };
  }
  if (!Number.isInteger(count) || count < 1 || count > 256) return { error: `count must be between 1 and 256, not ${count}` };
  if (BigInt(count) > 1n << BigInt(prefix - parsed.prefix)) {
    return { error: `${block} holds only ${1n << BigInt(prefix - parsed.prefix)} subnets of /${prefix}, not ${count}` };
  }
  const hostMask = (1n << BigInt(total - parsed.prefix)) - 1n;
  const network = parsed.address & ~hostMask & ((1n << BigInt(total)) - 1n);
  const format = parsed.family === 4 ? formatIpv4 : formatIpv6;
  return Array.from({ length: count }, (_, i) => `${format(network + (BigInt(i) << BigInt(hostBits)))}/${prefix}`);
}

const integerOf = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN);

export function cidr(ev: Evaluator, args: unknown, path: TemplatePath): unknown {
  const list = ev.list(args, path, 'Fn::Cidr', 3);
  const [block, count, bits] = list.map((arg, i) => ev.value(arg, [...path, i]));
  if ([block, count, bits].some((v) => v instanceof Unresolved)) return new Unresolved({ 'Fn::Cidr': [block, count, bits] });
  if (typeof block !== 'string') return ev.fail('CIDR_INVALID', 'Template error: the first argument of Fn::Cidr must be a CIDR block', [...path, 0]);
  const result = cidrSubnets(block, integerOf(count), integerOf(bits));
  if (!Array.isArray(result)) return ev.fail('CIDR_INVALID', `Template error: Fn::Cidr: ${result.error}`, path);
  return result;
}
