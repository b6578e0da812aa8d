// Throttling set by POST /_localcloud/throttle: a seeded fraction of matching calls answer "Rate exceeded".
import { AwsError } from './contract.js';
import { SeededRandom } from './ids.js';

export interface ThrottleRule {
  fraction: number;
  region?: string;
  service?: string;
}

export class Throttle {
  private rules: ThrottleRule[] = [];
  private random: SeededRandom;
  /** Calls answered with a throttling error since the last reset. */
  throttled = 0;

  constructor(private readonly seed: number) {
    this.random = new SeededRandom(seed ^ 0x7407);
  }

  /** Sets (or with fraction 0, removes) the rule for this region x service; restarts the seeded sequence. */
  set(rule: ThrottleRule): void {
    this.rules = this.rules.filter((r) => r.region !== rule.region || r.service !== rule.service);
    if (rule.fraction > 0) this.rules.push(rule);
    this.random = new SeededRandom(this.seed ^ 0x7407);
  }

  list(): ThrottleRule[] {
    return [...this.rules];
  }

  /** Whether this call is throttled: the most specific matching rule's fraction, one seeded draw. */
  check(region: string, service: string): boolean {
    const matching = this.rules.filter((r) => (r.region === undefined || r.region === region) && (r.service === undefined || r.service === service));
    if (matching.length === 0) return false;
    const specificity = (r: ThrottleRule): number => (r.region ? 2 : 0) + (r.service ? 1 : 0);
    const rule = matching.sort((a, b) => specificity(b) - specificity(a))[0] as ThrottleRule;
    const hit = this.random.next() < rule.fraction;
    if (hit) this.throttled++;
    return hit;
  }

  reset(): void {
    this.rules = [];
    this.throttled = 0;
    this.random = new SeededRandom(this.seed ^ 0x7407);
  }
}

/** The throttling error each protocol answers with. */
export function throttlingError(protocol: 'query' | 'json' | 'rest-xml'): AwsError {
  if (protocol === 'json') return new AwsError('ThrottlingException', 'Rate exceeded', 400);
  if (protocol === 'rest-xml') return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
  return new AwsError('Throttling', 'Rate exceeded', 400);
}
