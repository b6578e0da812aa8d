// Every built-in rule, one file each under rules/<family>/<ID>.ts. Kept sorted by id.
import type { Rule } from '../types.js';
import { E0000 } from './base/E0000.js';
import { E1001 } from './base/E1001.js';
import { W2001 } from './parameters/W2001.js';
import { W7001 } from './mappings/W7001.js';
import { W8001 } from './conditions/W8001.js';

/** The built-in rules, in id order. */
export const ALL_RULES: readonly Rule[] = [
  E0000,
  E1001,
  W2001,
  W7001,
  W8001,
];
