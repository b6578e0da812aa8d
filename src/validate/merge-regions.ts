// A template checked for several regions gets a rule's finding once per region (cfn-lint prints
// them so). Where Meridian reports for a pipeline, a finding that differs only by the region it
// names is one finding, naming all its regions: three regions must not read as three problems.

interface Mergeable {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

/** Where in `message` a region of the list is named (quoted or bare), the longest name first. */
function regionIn(message: string, regions: readonly string[]): { start: number; end: number; quote: string; region: string } | undefined {
  for (const region of [...regions].sort((a, b) => b.length - a.length)) {
    const at = new RegExp(`(['"]?)(?<![\\w-])${region.replace(/[-]/g, '\\-')}(?![\\w-])\\1`).exec(message);
    if (at) return { start: at.index, end: at.index + at[0].length, quote: at[1] ?? '', region };
  }
  return undefined;
}

/**
 * Findings that are the same but for the region they name become one, at the first one's place,
 * its message naming each region (`in 'us-east-1', 'eu-west-1'`); exact repeats are dropped.
 */
export function mergeRegionFindings<F extends Mergeable>(findings: readonly F[], regions: readonly string[]): F[] {
  const out: F[] = [];
  const groups = new Map<string, { finding: F; at?: ReturnType<typeof regionIn>; regions: string[] }>();
  for (const f of findings) {
    const at = regionIn(f.message, regions);
    const shape = at ? `${f.message.slice(0, at.start)}\0${f.message.slice(at.end)}` : f.message;
    const key = `${f.file}\0${f.line}\0${f.column}\0${f.ruleId}\0${shape}`;
    const group = groups.get(key);
    if (!group) {
      const entry = { finding: { ...f }, ...(at ? { at } : {}), regions: at ? [at.region] : [] };
      groups.set(key, entry);
      out.push(entry.finding);
      continue;
    }
    if (!at || group.regions.includes(at.region)) continue;
    group.regions.push(at.region);
    const first = group.at as NonNullable<typeof at>;
    const named = group.regions.map((r) => `${first.quote}${r}${first.quote}`).join(', ');
    const message = f.message.slice(0, at.start) + named + f.message.slice(at.end);
    group.finding.message = message;
  }
  return out;
}
