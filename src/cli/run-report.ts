// What `meridian run` tells beside the progress lines: edits in the work tree that the run will not
// deploy (it deploys a commit, never the work tree), and the stacks' outputs once they are deployed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files the run reads (meridian.yaml and each stack's template) whose work-tree copy differs from
 * the commit being run: an edit not committed yet, which this run will not deploy.
 */
export async function uncommittedEdits(repo: string, commit: string): Promise<string[]> {
  const { readFileAtCommit, parseConfig, CONFIG_FILE } = await import('../pipeline/index.js');
  const atCommit = async (path: string) => readFileAtCommit(repo, commit, path).catch(() => undefined);
  const differs = (path: string, committed: string | undefined) => {
    const file = join(repo, path);
    if (!existsSync(file)) return false;
    return committed === undefined || readFileSync(file, 'utf8') !== committed;
  };
  const config = await atCommit(CONFIG_FILE);
  const edited = differs(CONFIG_FILE, config) ? [CONFIG_FILE] : [];
  if (config === undefined) return edited;
  let templates: string[] = [];
  try {
    templates = [...new Set(parseConfig(config, CONFIG_FILE).stacks.map((s) => s.template))];
  } catch {
    return edited; // the run itself reports what is wrong with the committed meridian.yaml
  }
  for (const t of templates) if (differs(t, await atCommit(t))) edited.push(t);
  return edited;
}

/** The warning for `uncommittedEdits`, or nothing. */
export function uncommittedWarning(files: string[], commit: string): string | undefined {
  if (files.length === 0) return undefined;
  return `warning: ${files.join(', ')} ${files.length === 1 ? 'differs' : 'differ'} from commit ${commit.slice(0, 12)}, which this run deploys; the uncommitted edit is not deployed (commit it, then run again)`;
}

export interface StackOutputs {
  region: string;
  stack: string;
  outputs: Record<string, string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asStrings = (v: unknown): Record<string, string> | undefined => {
  if (Array.isArray(v)) {
    // CloudFormation's own shape: [{ OutputKey, OutputValue }] (or lower-case key/value).
    const pairs = v.filter(isRecord).map((o) => [String(o.OutputKey ?? o.key ?? o.name ?? ''), String(o.OutputValue ?? o.value ?? '')] as const);
    return Object.fromEntries(pairs.filter(([k]) => k));
  }
  return isRecord(v) && Object.values(v).every((x) => typeof x !== 'object') ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined;
};

/**
 * The stack outputs a run view carries, whichever of the shapes it uses: a list of
 * `{ region, stack, outputs }`, or `{ region: { stack: { key: value } } }`.
 */
export function outputsOf(view: object): StackOutputs[] {
  const raw = (view as { outputs?: unknown }).outputs;
  const found: StackOutputs[] = [];
  if (Array.isArray(raw)) {
    for (const o of raw.filter(isRecord)) {
      const outputs = asStrings(o.outputs ?? o.values);
      if (typeof o.region === 'string' && typeof o.stack === 'string' && outputs) found.push({ region: o.region, stack: o.stack, outputs });
    }
  } else if (isRecord(raw)) {
    for (const [region, stacks] of Object.entries(raw)) {
      if (!isRecord(stacks)) continue;
      for (const [stack, values] of Object.entries(stacks)) {
        const outputs = asStrings(values);
        if (outputs) found.push({ region, stack, outputs });
      }
    }
  }
  return found.filter((o) => Object.keys(o.outputs).length > 0);
}

/** Lines for the terminal: each region and stack, then its outputs. */
export function outputLines(outputs: StackOutputs[]): string[] {
  if (outputs.length === 0) return [];
  const lines = ['Outputs:'];
  for (const o of outputs) {
    lines.push(`  ${o.region.padEnd(15)}${o.stack}`);
    const width = Math.max(...Object.keys(o.outputs).map((k) => k.length));
    for (const [k, v] of Object.entries(o.outputs)) lines.push(`    ${k.padEnd(width)}  ${v}`);
  }
  return lines;
}
