// Bounds on what one YAML or JSON document may cost to read. Every document Meridian parses (a
// template, meridian.yaml, .cfnlintrc, a template read from git, S3 or a webhook-triggered commit)
// goes through these readers, so a hostile file fails fast with a located E0000 instead of taking
// the process's memory or stack: a 700-byte alias bomb (nine levels of nine aliases) would expand to
// ~387 million nodes, and 1 MB of `[` would recurse a million frames deep.

/** The limits; exported so messages and tests speak of the same numbers. */
export const PARSE_LIMITS = {
  /**
   * Bytes of one document. CloudFormation reads at most 1 MB from S3 (TemplateURL); nothing
   * Meridian reads (meridian.yaml, .cfnlintrc) has a reason to be larger.
   */
  documentBytes: 1_000_000,
  /** Nesting of maps, sequences and tags (aliases count as a level too). */
  depth: 200,
  /**
   * Alias dereferences in one document, nested ones included. The `yaml` library's toJS default
   * (maxAliasCount) is 100; templates that share `Tags: *tags` over every resource of a 500-resource
   * stack need more, and the node budget below is what bounds the memory.
   */
  aliases: 5_000,
  /** Nodes that alias expansion may add to a document in all (templates with anchors add a few hundred). */
  aliasNodes: 100_000,
} as const;

/** A parse refused by a limit: a syntax error at `offset` for the caller to locate. */
export interface LimitBreach {
  message: string;
  offset: number;
}

/**
 * The first place where brackets nest deeper than `max` (a conservative scan that skips quoted
 * strings and comments), or undefined. Run before the `yaml` library, which recurses per level.
 */
export function flowDepthBreach(text: string, max: number = PARSE_LIMITS.depth): LimitBreach | undefined {
  let depth = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > max) return { message: `nesting is deeper than ${max} levels`, offset: i };
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) {
      // Skip a quoted string on its line; an unmatched quote (an apostrophe in prose) skips nothing.
      let j = i + 1;
      while (j < len) {
        const d = text.charCodeAt(j);
        if (d === c && !(c === 34 && text.charCodeAt(j - 1) === 92)) break;
        if (d === 10) {
          j = -1;
          break;
        }
        j++;
      }
      if (j > i && j < len) i = j;
    } else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? len : nl;
    }
  }
  return undefined;
}
