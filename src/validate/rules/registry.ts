// Every built-in rule, one file each under rules/<family>/<ID>.ts. Kept sorted by id.
import type { Rule } from '../types.js';
import { E0000 } from './base/E0000.js';
import { E1001 } from './base/E1001.js';
import { E1002 } from './base/E1002.js';
import { E1005 } from './base/E1005.js';
import { E1010 } from './functions/E1010.js';
import { E1011 } from './functions/E1011.js';
import { E1015 } from './functions/E1015.js';
import { E1016 } from './functions/E1016.js';
import { E1017 } from './functions/E1017.js';
import { E1018 } from './functions/E1018.js';
import { E1019 } from './functions/E1019.js';
import { E1020 } from './functions/E1020.js';
import { E1021 } from './functions/E1021.js';
import { E1022 } from './functions/E1022.js';
import { E1028 } from './functions/E1028.js';
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
import { E3006 } from './resources/E3006.js';
import { E3007 } from './resources/E3007.js';
import { E3010 } from './base/E3010.js';
import { E3012 } from './resources/E3012.js';
import { E3013 } from './resources/E3013.js';
import { E3014 } from './resources/E3014.js';
import { E3015 } from './resources/E3015.js';
import { E3019 } from './resources/E3019.js';
import { E3022 } from './resources/E3022.js';
import { E3023 } from './resources/E3023.js';
import { E3029 } from './resources/E3029.js';
import { E3030 } from './resources/E3030.js';
import { E3031 } from './resources/E3031.js';
import { E3032 } from './resources/E3032.js';
import { E3033 } from './resources/E3033.js';
import { E3035 } from './resources/E3035.js';
import { E3036 } from './resources/E3036.js';
import { E3037 } from './resources/E3037.js';
import { E3039 } from './resources/E3039.js';
import { E3043 } from './resources/E3043.js';
import { E3060 } from './resources/E3060.js';
import { E3510 } from './security/E3510.js';
import { E3512 } from './security/E3512.js';
import { E3530 } from './security/E3530.js';
import { E3673 } from './resources/E3673.js';
import { E3678 } from './resources/E3678.js';
import { E3687 } from './resources/E3687.js';
import { E3700 } from './resources/E3700.js';
import { E3710 } from './resources/E3710.js';
import { E3715 } from './resources/E3715.js';
import { E6001 } from './outputs/E6001.js';
import { E6002 } from './outputs/E6002.js';
import { E6010 } from './base/E6010.js';
import { E6101 } from './outputs/E6101.js';
import { E7001 } from './mappings/E7001.js';
import { E7010 } from './base/E7010.js';
import { E8001 } from './conditions/E8001.js';
import { E8002 } from './conditions/E8002.js';
import { E8003 } from './conditions/E8003.js';
import { E8004 } from './conditions/E8004.js';
import { E8005 } from './conditions/E8005.js';
import { E8006 } from './conditions/E8006.js';
import { F1 } from './security/F1.js';
import { F10 } from './security/F10.js';
import { F1000 } from './security/F1000.js';
import { F11 } from './security/F11.js';
import { F12 } from './security/F12.js';
import { F13 } from './security/F13.js';
import { F14 } from './security/F14.js';
import { F15 } from './security/F15.js';
import { F16 } from './security/F16.js';
import { F18 } from './security/F18.js';
import { F19 } from './security/F19.js';
import { F2 } from './security/F2.js';
import { F20 } from './security/F20.js';
import { F2000 } from './security/F2000.js';
import { F21 } from './security/F21.js';
import { F22 } from './security/F22.js';
import { F23 } from './security/F23.js';
import { F24 } from './security/F24.js';
import { F25 } from './security/F25.js';
import { F26 } from './security/F26.js';
import { F27 } from './security/F27.js';
import { F28 } from './security/F28.js';
import { F29 } from './security/F29.js';
import { F3 } from './security/F3.js';
import { F30 } from './security/F30.js';
import { F31 } from './security/F31.js';
import { F32 } from './security/F32.js';
import { F33 } from './security/F33.js';
import { F34 } from './security/F34.js';
import { F35 } from './security/F35.js';
import { F36 } from './security/F36.js';
import { F37 } from './security/F37.js';
import { F38 } from './security/F38.js';
import { F39 } from './security/F39.js';
import { F4 } from './security/F4.js';
import { F40 } from './security/F40.js';
import { F44 } from './security/F44.js';
import { F5 } from './security/F5.js';
import { F51 } from './security/F51.js';
import { F6 } from './security/F6.js';
import { F7 } from './security/F7.js';
import { F70 } from './security/F70.js';
import { F76 } from './security/F76.js';
import { F77 } from './security/F77.js';
import { F78 } from './security/F78.js';
import { F8 } from './security/F8.js';
import { F80 } from './security/F80.js';
import { F9 } from './security/F9.js';
import { M0001 } from './meridian/M0001.js';
import { W1 } from './security/W1.js';
import { W10 } from './security/W10.js';
import { W1001 } from './resources/W1001.js';
import { W1011 } from './security/W1011.js';
import { W1020 } from './functions/W1020.js';
import { W1028 } from './conditions/W1028.js';
import { W1030 } from './formats/W1030.js';
import { W1054 } from './resources/W1054.js';
import { W11 } from './security/W11.js';
import { W12 } from './security/W12.js';
import { W1200 } from './security/W1200.js';
import { W1201 } from './security/W1201.js';
import { W13 } from './security/W13.js';
import { W14 } from './security/W14.js';
import { W15 } from './security/W15.js';
import { W16 } from './security/W16.js';
import { W17 } from './security/W17.js';
import { W18 } from './security/W18.js';
import { W19 } from './security/W19.js';
import { W2 } from './security/W2.js';
import { W20 } from './security/W20.js';
import { W2001 } from './parameters/W2001.js';
import { W2002 } from './parameters/W2002.js';
import { W2010 } from './parameters/W2010.js';
import { W21 } from './security/W21.js';
import { W22 } from './security/W22.js';
import { W23 } from './security/W23.js';
import { W24 } from './security/W24.js';
import { W2501 } from './security/W2501.js';
import { W2511 } from './security/W2511.js';
import { W2533 } from './resources/W2533.js';
import { W26 } from './security/W26.js';
import { W27 } from './security/W27.js';
import { W28 } from './security/W28.js';
import { W29 } from './security/W29.js';
import { W3005 } from './resources/W3005.js';
import { W3011 } from './resources/W3011.js';
import { W3045 } from './resources/W3045.js';
import { W31 } from './security/W31.js';
import { W32 } from './security/W32.js';
import { W33 } from './security/W33.js';
import { W34 } from './security/W34.js';
import { W35 } from './security/W35.js';
import { W36 } from './security/W36.js';
import { W3696 } from './resources/W3696.js';
import { W3697 } from './resources/W3697.js';
import { W3698 } from './resources/W3698.js';
import { W37 } from './security/W37.js';
import { W40 } from './security/W40.js';
import { W41 } from './security/W41.js';
import { W42 } from './security/W42.js';
import { W43 } from './security/W43.js';
import { W44 } from './security/W44.js';
import { W45 } from './security/W45.js';
import { W47 } from './security/W47.js';
import { W48 } from './security/W48.js';
import { W49 } from './security/W49.js';
import { W5 } from './security/W5.js';
import { W51 } from './security/W51.js';
import { W52 } from './security/W52.js';
import { W54 } from './security/W54.js';
import { W55 } from './security/W55.js';
import { W57 } from './security/W57.js';
import { W58 } from './security/W58.js';
import { W59 } from './security/W59.js';
import { W60 } from './security/W60.js';
import { W62 } from './security/W62.js';
import { W63 } from './security/W63.js';
import { W68 } from './security/W68.js';
import { W69 } from './security/W69.js';
import { W70 } from './security/W70.js';
import { W7001 } from './mappings/W7001.js';
import { W73 } from './security/W73.js';
import { W74 } from './security/W74.js';
import { W75 } from './security/W75.js';
import { W77 } from './security/W77.js';
import { W78 } from './security/W78.js';
import { W79 } from './security/W79.js';
import { W8001 } from './conditions/W8001.js';
import { W8003 } from './conditions/W8003.js';
import { W82 } from './security/W82.js';
import { W83 } from './security/W83.js';
import { W84 } from './security/W84.js';
import { W85 } from './security/W85.js';
import { W86 } from './security/W86.js';
import { W87 } from './security/W87.js';
import { W88 } from './security/W88.js';
import { W89 } from './security/W89.js';
import { W9 } from './security/W9.js';
import { W90 } from './security/W90.js';
import { W91 } from './security/W91.js';
import { W92 } from './security/W92.js';

/** The built-in rules, in id order. */
export const ALL_RULES: readonly Rule[] = [
  E0000,
  E1001,
  E1002,
  E1005,
  E1010,
  E1011,
  E1015,
  E1016,
  E1017,
  E1018,
  E1019,
  E1020,
  E1021,
  E1022,
  E1028,
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
  E3006,
  E3007,
  E3010,
  E3012,
  E3013,
  E3014,
  E3015,
  E3019,
  E3022,
  E3023,
  E3029,
  E3030,
  E3031,
  E3032,
  E3033,
  E3035,
  E3036,
  E3037,
  E3039,
  E3043,
  E3060,
  E3510,
  E3512,
  E3530,
  E3673,
  E3678,
  E3687,
  E3700,
  E3710,
  E3715,
  E6001,
  E6002,
  E6010,
  E6101,
  E7001,
  E7010,
  E8001,
  E8002,
  E8003,
  E8004,
  E8005,
  E8006,
  F1,
  F10,
  F1000,
  F11,
  F12,
  F13,
  F14,
  F15,
  F16,
  F18,
  F19,
  F2,
  F20,
  F2000,
  F21,
  F22,
  F23,
  F24,
  F25,
  F26,
  F27,
  F28,
  F29,
  F3,
  F30,
  F31,
  F32,
  F33,
  F34,
  F35,
  F36,
  F37,
  F38,
  F39,
  F4,
  F40,
  F44,
  F5,
  F51,
  F6,
  F7,
  F70,
  F76,
  F77,
  F78,
  F8,
  F80,
  F9,
  M0001,
  W1,
  W10,
  W1001,
  W1011,
  W1020,
  W1028,
  W1030,
  W1054,
  W11,
  W12,
  W1200,
  W1201,
  W13,
  W14,
  W15,
  W16,
  W17,
  W18,
  W19,
  W2,
  W20,
  W2001,
  W2002,
  W2010,
  W21,
  W22,
  W23,
  W24,
  W2501,
  W2511,
  W2533,
  W26,
  W27,
  W28,
  W29,
  W3005,
  W3011,
  W3045,
  W31,
  W32,
  W33,
  W34,
  W35,
  W36,
  W3696,
  W3697,
  W3698,
  W37,
  W40,
  W41,
  W42,
  W43,
  W44,
  W45,
  W47,
  W48,
  W49,
  W5,
  W51,
  W52,
  W54,
  W55,
  W57,
  W58,
  W59,
  W60,
  W62,
  W63,
  W68,
  W69,
  W70,
  W7001,
  W73,
  W74,
  W75,
  W77,
  W78,
  W79,
  W8001,
  W8003,
  W82,
  W83,
  W84,
  W85,
  W86,
  W87,
  W88,
  W89,
  W9,
  W90,
  W91,
  W92,
];
