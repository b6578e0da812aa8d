// Public surface of the physical-name analysis (names two deployments would both claim).
export { PHYSICAL_NAME_RULES, physicalNameFindings, existingNameFindings, claimsByKey } from './collisions.js';
export type { ExistingName, NameSelection } from './collisions.js';
export { nameClaims } from './claims.js';
export type { NameClaim, NameTarget } from './claims.js';
export { namingOf } from './naming.js';
export type { Naming, NameScope } from './naming.js';
