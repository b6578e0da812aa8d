// The before -> after values of a preview's changes, masked before they are journaled, shown or
// served: CloudFormation masks NoEcho parameters itself, but a value built from one in another way,
// a literal password in a template, or a token pasted into a property would otherwise reach the
// store, the terminal, `--json`, the API and the dashboard.
import type { ChangeDetail, ResourceChange } from '../../cloud/index.js';
import { isRecord, parseTemplate } from '../../template/index.js';

export const MASK = '****';

/** Property names whose values are secrets by their name (MasterUserPassword, SecretString, AuthToken, PrivateKey). */
const SECRET_NAME = /(pass(word|phrase)|secret|token$|authtoken|privatekey|private_key|apikey|api_key|credential)/i;

/** Values that are secrets by their shape, wherever they appear. */
const SECRET_SHAPES = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, // GitHub tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/, // JWTs
  /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}\b/, // Stripe keys
];

/** A placeholder or reference that names where a value comes from without being one. */
const harmless = (v: string) => v === MASK || v.startsWith('{{changeSet:') || /^\{\{resolve:[^}]+\}\}$/.test(v);

/** What masking needs to know about one stack's preview. */
export interface MaskFacts {
  /** The template being previewed (its NoEcho parameters and where properties use them). */
  templateBody?: string;
  /** Parameter names the template declares NoEcho. */
  noEcho: readonly string[];
  /** Values that must never show anywhere (NoEcho values, values read from the environment). */
  secrets: readonly string[];
}

/** True when `value` (a template expression) reads one of `names` through Ref or Fn::Sub. */
function readsParameter(value: unknown, names: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return [...value.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].some((m) => names.has(m[1] ?? ''));
  if (Array.isArray(value)) return value.some((v) => readsParameter(v, names));
  if (!isRecord(value)) return false;
  if (typeof value.Ref === 'string' && names.has(value.Ref)) return true;
  return Object.values(value).some((v) => readsParameter(v, names));
}

/** `logicalId/PropertyName` of every top-level property that reads a NoEcho parameter. */
function noEchoProperties(body: string | undefined, noEcho: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (!body || noEcho.length === 0) return out;
  const parsed = parseTemplate(body);
  const resources = parsed.ok ? parsed.template.body.Resources : undefined;
  if (!isRecord(resources)) return out;
  const names = new Set(noEcho);
  for (const [id, r] of Object.entries(resources)) {
    const props = isRecord(r) && isRecord(r.Properties) ? r.Properties : {};
    for (const [name, v] of Object.entries(props)) if (readsParameter(v, names)) out.add(`${id}/${name}`);
  }
  return out;
}

/** Short secrets would mask ordinary words inside other values: those are masked only where used whole. */
const MIN_SCRUB = 4;

function maskValue(value: string | undefined, wholly: boolean, secrets: readonly string[]): string | undefined {
  if (value === undefined || harmless(value)) return value;
  if (wholly || SECRET_SHAPES.some((re) => re.test(value))) return MASK;
  let out = value;
  for (const s of secrets) {
    if (s === value) return MASK;
    if (s.length >= MIN_SCRUB && out.includes(s)) out = out.split(s).join(MASK);
  }
  return out;
}

/** The top-level property a detail changes (`/Properties/Tags/0/Value` -> Tags). */
const propertyOf = (d: ChangeDetail) => d.name ?? (d.path?.startsWith('/Properties/') ? d.path.split('/')[2] : undefined);

/** The changes with every value that is, reads or contains a secret replaced by `****`. */
export function maskChangeValues(changes: readonly ResourceChange[], facts: MaskFacts): ResourceChange[] {
  const fromNoEcho = noEchoProperties(facts.templateBody, facts.noEcho);
  const secrets = [...new Set(facts.secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  return changes.map((c) => {
    if (!c.details.some((d) => d.before !== undefined || d.after !== undefined)) return c;
    return {
      ...c,
      details: c.details.map((d) => {
        if (d.before === undefined && d.after === undefined) return d;
        const prop = propertyOf(d);
        const wholly = prop !== undefined && (SECRET_NAME.test(prop) || fromNoEcho.has(`${c.logicalId}/${prop}`));
        const before = maskValue(d.before, wholly, secrets);
        const after = maskValue(d.after, wholly, secrets);
        const { before: _b, after: _a, ...rest } = d;
        return { ...rest, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
      }),
    };
  });
}

/** Values longer than this are cut in preview lines (the JSON, the API and the dashboard keep them whole). */
const LINE_VALUE_MAX = 120;
const short = (v: string) => (v.length > LINE_VALUE_MAX ? `${v.slice(0, LINE_VALUE_MAX - 1)}…` : v);

/** `Name: before → after` for each detail of `c` that carries values (one per path). */
export function valueLines(c: ResourceChange): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of c.details) {
    if (d.before === undefined && d.after === undefined) continue;
    const label = d.path?.replace(/^\/Properties\//, '') ?? d.name ?? d.attribute ?? '';
    if (seen.has(label)) continue;
    seen.add(label);
    out.push(`${label}: ${d.before === undefined ? '(none)' : short(d.before)} → ${d.after === undefined ? '(none)' : short(d.after)}`);
  }
  return out;
}
