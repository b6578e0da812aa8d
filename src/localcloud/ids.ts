// Deterministic ids and random draws for localcloud, seeded by `--seed`.
// Library code may not use Math.random (STYLE.md), and a seeded source makes runs reproducible.

/** A seeded 32-bit generator (mulberry32) whose state can be saved and restored. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  save(): number {
    return this.state;
  }
  load(state: number): void {
    this.state = state >>> 0;
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Ids for requests, versions, uploads and credentials. A counter keeps them unique across restarts. */
export class IdSource {
  private readonly random: SeededRandom;
  private counter = 0;
  constructor(seed: number) {
    this.random = new SeededRandom(seed ^ 0x5eed);
  }
  private chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.random.next() * alphabet.length)];
    return out;
  }
  /** A 36-character request id shaped like AWS's. */
  requestId(): string {
    const hex = this.chars('0123456789abcdef', 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  /** A unique opaque token (version ids, upload ids): counter plus random tail. */
  token(length = 32): string {
    this.counter++;
    const prefix = this.counter.toString(36).padStart(6, '0');
    return prefix + this.chars(ALNUM, Math.max(4, length - prefix.length));
  }
  upper(length: number): string {
    return this.chars(UPPER, length);
  }
  save(): { counter: number; random: number } {
    return { counter: this.counter, random: this.random.save() };
  }
  load(state: { counter: number; random: number }): void {
    this.counter = state.counter;
    this.random.load(state.random);
  }
}
