// The physical-name analysis of a pipeline: names two of its deployments would both claim (M1001-M1003),
// judged from meridian.yaml and the templates alone, so `meridian validate`, `meridian plan` and the
// Validate stage all say the same before anything deploys.
import { physicalNameFindings, type Finding, type NameSelection } from '../../validate/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { nameTargets, type NameTargetOptions } from './name-targets.js';

export interface PhysicalNameOptions extends NameTargetOptions {
  /** ignore / include / severity, as for every other rule (validation: in meridian.yaml). */
  selection?: NameSelection;
}

/** The pipeline's physical-name findings, sorted by file and line. */
export function pipelineNameFindings(config: PipelineConfig, rootDir: string, options: PhysicalNameOptions = {}): Finding[] {
  const selection: NameSelection = options.selection ?? { ignore: config.validation.ignore, include: config.validation.include, severity: config.validation.severity };
  return physicalNameFindings(nameTargets(config, rootDir, options), selection).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
