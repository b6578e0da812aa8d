// Public surface of src/pipeline.
export { parseConfig, loadConfig, ConfigError, fieldName } from './config/load-config.js';
export type { ConfigIssue, LoadedConfig } from './config/load-config.js';
export { configSchema } from './config/schema.js';
export type { PipelineConfig, StackConfig, ParameterValue } from './config/schema.js';
export { parseDuration, formatDuration } from './config/durations.js';
