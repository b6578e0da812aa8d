// "Did you mean …?" for meridian.yaml: a misspelt key or value is nearly always one or two edits
// away from the one meant (onDirft, maxConcurent, lokal), or the same word in another case.

/** Edit distance with adjacent transpositions (onDirft -> onDrift is one edit). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The candidate the word most likely meant, or undefined when none is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { name: string; cost: number } | undefined;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const cost = cl === lower ? 0 : cl.startsWith(lower) && lower.length >= 3 ? 1 : distance(lower, cl);
    if (!best || cost < best.cost) best = { name: c, cost };
  }
  // Short words need a closer match: 'ab' is not a typo of 'aws'.
  const allowed = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best && best.cost <= allowed && best.name !== word ? best.name : undefined;
}

/** ` (did you mean 'x'?)`, or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c ? ` (did you mean '${c}'?)` : '';
}
