// Seeded ids for stacks, change sets, events and generated physical names, so a run with the
// same --seed produces the same ids (library code may not use Math.random).

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

/** A mulberry32 generator whose state is part of the service snapshot. */
export class CfnIds {
  constructor(private state: number) {
    this.state = state >>> 0;
  }

  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private pick(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A v4-shaped UUID, as CloudFormation puts at the end of stack and change set ARNs. */
  uuid(): string {
    const h = this.pick(HEX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** The random tail CloudFormation appends to generated names (e.g. `stack-Bucket-1A2B3C4D5E6F`). */
  suffix(n = 12): string {
    return this.pick(UPPER_ALNUM, n);
  }

  hex(n: number): string {
    return this.pick(HEX, n);
  }

  save(): number {
    return this.state;
  }

  load(state: number): void {
    this.state = state >>> 0;
  }
}
