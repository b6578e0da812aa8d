// Every built-in rule, one file each under rules/<family>/<ID>.ts. Kept sorted by id.
import type { Rule } from '../types.js';
import { E0000 } from './base/E0000.js';
import { E1001 } from './base/E1001.js';
import { E1002 } from './base/E1002.js';
import { E1010 } from './functions/E1010.js';
import { E1019 } from './functions/E1019.js';
import { E1020 } from './functions/E1020.js';
import { E1029 } from './functions/E1029.js';
import { E1150 } from './formats/E1150.js';
import { E1151 } from './formats/E1151.js';
import { E1152 } from './formats/E1152.js';
import { E1154 } from './formats/E1154.js';
import { E2001 } from './parameters/E2001.js';
import { E2002 } from './parameters/E2002.js';
import { E2010 } from './base/E2010.js';
import { E2015 } from './parameters/E2015.js';
import { E3001 } from './resources/E3001.js';
import { E3002 } from './resources/E3002.js';
import { E3003 } from './resources/E3003.js';
import { E3004 } from './resources/E3004.js';
import { E3005 } from './resources/E3005.js';
import { E3007 } from './resources/E3007.js';
import { E3010 } from './base/E3010.js';
import { E3012 } from './resources/E3012.js';
import { E3015 } from './resources/E3015.js';
import { E3030 } from './resources/E3030.js';
import { E3035 } from './resources/E3035.js';
import { E3036 } from './resources/E3036.js';
import { E3710 } from './resources/E3710.js';
import { E6010 } from './base/E6010.js';
import { E7010 } from './base/E7010.js';
import { E8001 } from './conditions/E8001.js';
import { E8002 } from './conditions/E8002.js';
import { E8003 } from './conditions/E8003.js';
import { E8004 } from './conditions/E8004.js';
import { E8005 } from './conditions/E8005.js';
import { E8006 } from './conditions/E8006.js';
import { W1020 } from './functions/W1020.js';
import { W2001 } from './parameters/W2001.js';
import { W3005 } from './resources/W3005.js';
import { W3011 } from './resources/W3011.js';
import { W3045 } from './resources/W3045.js';
import { W3696 } from './resources/W3696.js';
import { W3697 } from './resources/W3697.js';
import { W7001 } from './mappings/W7001.js';
import { W8001 } from './conditions/W8001.js';
import { W8003 } from './conditions/W8003.js';

/** The built-in rules, in id order. */
export const ALL_RULES: readonly Rule[] = [
  E0000,
  E1001,
  E1002,
  E1010,
  E1019,
  E1020,
  E1029,
  E1150,
  E1151,
  E1152,
  E1154,
  E2001,
  E2002,
  E2010,
  E2015,
  E3001,
  E3002,
  E3003,
  E3004,
  E3005,
  E3007,
  E3010,
  E3012,
  E3015,
  E3030,
  E3035,
  E3036,
  E3710,
  E6010,
  E7010,
  E8001,
  E8002,
  E8003,
  E8004,
  E8005,
  E8006,
  W1020,
  W2001,
  W3005,
  W3011,
  W3045,
  W3696,
  W3697,
  W7001,
  W8001,
  W8003,
];
