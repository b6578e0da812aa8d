// What is checked before a run is recorded: meridian.yaml at the commit, every stack's template
// there (present, readable, bounded), and the stack order in every region. Each is the user's to fix,
// so it is refused with file:line:col (exit 2) and no run, lock or cloud call is left behind.
import { parseDocument, parseTemplate, TemplateError } from '../../template/index.js';
import { ConfigError, parseConfig } from '../config/load-config.js';
import type { PipelineConfig } from '../config/schema.js';
import { readFileAtCommit, SourceError } from '../source/index.js';
import { allRegions, stackOrder } from './stack-order.js';

export const CONFIG_FILE = 'meridian.yaml';

/** The config of `commit`, or a ConfigError / TemplateError naming the file, line and column. */
export async function admitCommit(repo: string, commit: string, configText: string): Promise<PipelineConfig> {
  const file = `${commit.slice(0, 12)}:${CONFIG_FILE}`;
  const config = parseConfig(configText, file);
  const doc = parseDocument(configText, file);
  const at = (path: (string | number)[], message: string) => {
    const pos = doc.ok ? doc.sourceMap.locate(path).start : { line: 1, column: 1 };
    const field = path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : String(p)), '');
    return new ConfigError([{ file, line: pos.line, column: pos.column, field, message }]);
  };
  for (const [i, stack] of config.stacks.entries()) {
    let text: string;
    try {
      text = await readFileAtCommit(repo, commit, stack.template);
    } catch (err) {
      if (err instanceof SourceError && err.code === 'SOURCE_FILE_NOT_FOUND') throw at(['stacks', i, 'template'], `template ${stack.template} does not exist in commit ${commit.slice(0, 12)}`);
      throw err;
    }
    const parsed = parseTemplate(text, `${commit.slice(0, 12)}:${stack.template}`);
    if (!parsed.ok) throw new TemplateError(parsed.diagnostics);
  }
  for (const region of allRegions(config)) {
    try {
      stackOrder(config, region);
    } catch (err) {
      throw at(['stacks'], (err as Error).message);
    }
  }
  return config;
}
