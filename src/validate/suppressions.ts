// Suppressions written in the template itself: cfn-lint's `Metadata: cfn-lint: config` (template
// and resource level) and cfn_nag's `Metadata: cfn_nag: rules_to_suppress` (resource level).
import { isRecord, type TemplatePath } from '../template/index.js';
import { matchesAny } from './settings.js';
import type { RuleFinding } from './types.js';

export interface TemplateLevelConfig {
  ignoreChecks: string[];
  includeChecks: string[];
  regions: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function cfnLintConfigOf(metadata: unknown): Record<string, unknown> {
  if (!isRecord(metadata)) return {};
  const lint = metadata['cfn-lint'];
  return isRecord(lint) && isRecord(lint.config) ? lint.config : {};
}

/** The template's own `Metadata: cfn-lint: config`. */
export function templateLevelConfig(body: Record<string, unknown>): TemplateLevelConfig {
  const c = cfnLintConfigOf(body.Metadata);
  return { ignoreChecks: strings(c.ignore_checks), includeChecks: strings(c.include_checks), regions: strings(c.regions) };
}

export interface NagSuppression {
  id: string;
  reason?: string;
  /** Where the entry stands, for the "no reason" warning. */
  path: TemplatePath;
}

/** Per-resource suppressions: cfn-lint ignore_checks prefixes and cfn_nag ids. */
export interface ResourceSuppressions {
  lint: Map<string, string[]>;
  nag: Map<string, NagSuppression[]>;
}

/** Collects the suppressions resources declare in their Metadata. */
export function resourceSuppressions(body: Record<string, unknown>): ResourceSuppressions {
  const out: ResourceSuppressions = { lint: new Map(), nag: new Map() };
  const resources = isRecord(body.Resources) ? body.Resources : {};
  for (const [id, res] of Object.entries(resources)) {
    if (!isRecord(res) || !isRecord(res.Metadata)) continue;
    const ignore = strings(cfnLintConfigOf(res.Metadata).ignore_checks);
    if (ignore.length > 0) out.lint.set(id, ignore);
    const nag = res.Metadata.cfn_nag;
    if (isRecord(nag) && Array.isArray(nag.rules_to_suppress)) {
      const list: NagSuppression[] = [];
      nag.rules_to_suppress.forEach((entry, i) => {
        if (!isRecord(entry) || typeof entry.id !== 'string') return;
        const reason = typeof entry.reason === 'string' && entry.reason.trim() !== '' ? entry.reason : undefined;
        list.push({ id: entry.id, path: ['Resources', id, 'Metadata', 'cfn_nag', 'rules_to_suppress', i], ...(reason ? { reason } : {}) });
      });
      out.nag.set(id, list);
    }
  }
  return out;
}

/** True when a resource's Metadata suppresses this finding. */
export function isSuppressed(s: ResourceSuppressions, ruleId: string, source: string, finding: RuleFinding): boolean {
  if (finding.path[0] !== 'Resources' || typeof finding.path[1] !== 'string') return false;
  const id = finding.path[1];
  if (matchesAny(ruleId, s.lint.get(id) ?? [])) return true;
  if (source === 'cfn_nag') return (s.nag.get(id) ?? []).some((n) => n.id === ruleId);
  return false;
}
