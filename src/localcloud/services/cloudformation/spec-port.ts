// What the service needs from the resource spec: replacement behaviour and attribute names.
// Behind this small interface so the template module's spec can replace the built-in table.
import { resourceKind } from './resource-types.js';

export type RequiresRecreation = 'Never' | 'Conditionally' | 'Always';

export interface SpecPort {
  requiresRecreation(type: string, property: string): RequiresRecreation;
  attributeNames(type: string): string[];
}

/** The built-in table: the naming properties of the types localcloud provisions itself. */
export const builtInSpec: SpecPort = {
  requiresRecreation(type, property) {
    return resourceKind(type, () => []).replaceOn.includes(property) ? 'Always' : 'Never';
  },
  attributeNames: () => [],
};
