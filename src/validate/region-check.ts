// `--regions mars-1` is refused before any template is read, as cfn-lint refuses a region it has no
// data for: a typo would otherwise pass every region-specific rule in silence.
import { REGIONS } from './rules/regions.js';

export interface UnsupportedRegion {
  region: string;
  /** A known region the name was probably meant to be (us-east-9 -> us-east-1). */
  near?: string;
}

/** The names in `regions` the validator has no region data for, in their order. */
export function unsupportedRegions(regions: readonly string[]): UnsupportedRegion[] {
  return regions
    .filter((r) => !REGIONS.includes(r))
    .map((region) => {
      // Same area and direction, another number (us-east-9), or the same name in capitals.
      const stem = region.toLowerCase().replace(/-?\d*$/, '');
      const near = REGIONS.find((k) => k === region.toLowerCase()) ?? REGIONS.find((k) => stem.length > 2 && k.replace(/-\d+$/, '') === stem);
      return near ? { region, near } : { region };
    });
}
