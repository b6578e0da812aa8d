// The template's conditions as propositional formulas over their Fn::Equals, so a rule can ask
// whether what holds at a place (the resource's own condition, the Fn::If branches around it)
// implies another condition. cfn-lint reasons the same way: `Has: !Not [!Equals [!Ref P, '']]`
// and `HasNot: !Not [!Condition Has]` exclude each other, and two Equals of one parameter to
// different strings cannot both be true.
import { isRecord } from '../../template/index.js';

type Formula =
  | { kind: 'atom'; id: number }
  | { kind: 'const'; value: boolean }
  | { kind: 'not'; of: Formula }
  | { kind: 'and' | 'or'; of: Formula[] };

/** A fact: condition `name` is `value` here. */
export interface Fact {
  name: string;
  value: boolean;
}

/** More atoms than this in one question are not enumerated; the answer is then "implied". */
const MAX_ATOMS = 14;

export interface ConditionLogic {
  /** True when every assignment that makes all `held` facts true also makes `needed` true. */
  implies(held: readonly Fact[], needed: string): boolean;
  /** True when some assignment makes all `facts` true (a scenario that can happen). */
  satisfiable(facts: readonly Fact[]): boolean;
  /** True when `facts` can all hold while parameter `param` has the value `value`. */
  allowsValue(facts: readonly Fact[], param: string, value: string): boolean;
}

const cache = new WeakMap<object, ConditionLogic>();

/** The condition logic of a template (built once per template body). */
export function conditionLogic(body: Record<string, unknown>): ConditionLogic {
  let logic = cache.get(body);
  if (!logic) {
    logic = build(isRecord(body.Conditions) ? body.Conditions : {});
    cache.set(body, logic);
  }
  return logic;
}

function build(conditions: Record<string, unknown>): ConditionLogic {
  const atomIds = new Map<string, number>();
  /** Per atom: the parameter and string it compares, when it is `Equals [Ref P, 'x']`. */
  const equalsOf: ({ param: string; value: string } | undefined)[] = [];
  const formulas = new Map<string, Formula>();
  const building = new Set<string>();

  const atom = (key: string, eq?: { param: string; value: string }): Formula => {
    let id = atomIds.get(key);
    if (id === undefined) {
      id = atomIds.size;
      atomIds.set(key, id);
      equalsOf[id] = eq;
    }
    return { kind: 'atom', id };
  };

  const equalsFormula = (args: unknown): Formula => {
    if (!Array.isArray(args) || args.length !== 2) return atom(JSON.stringify(args));
    const [a, b] = args as [unknown, unknown];
    const literal = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    if (literal(a) && literal(b)) return { kind: 'const', value: String(a) === String(b) };
    const ref = (v: unknown) => (isRecord(v) && Object.keys(v).length === 1 && typeof v.Ref === 'string' ? v.Ref : undefined);
    const [param, value] = ref(a) !== undefined && literal(b) ? [ref(a), String(b)] : ref(b) !== undefined && literal(a) ? [ref(b), String(a)] : [undefined, undefined];
    if (param !== undefined && value !== undefined) return atom(`=${param}\u0000${value}`, { param, value });
    // Order-insensitive: Equals [x, y] is Equals [y, x].
    return atom([JSON.stringify(a), JSON.stringify(b)].sort().join('\u0000'));
  };

  const parse = (v: unknown, owner: string): Formula => {
    if (isRecord(v) && Object.keys(v).length === 1) {
      const [fn, args] = Object.entries(v)[0] as [string, unknown];
      if (fn === 'Fn::Equals') return equalsFormula(args);
      if (fn === 'Condition' && typeof args === 'string') return named(args);
      if (fn === 'Fn::Not' && Array.isArray(args) && args.length === 1) return { kind: 'not', of: parse(args[0], owner) };
      if ((fn === 'Fn::And' || fn === 'Fn::Or') && Array.isArray(args)) return { kind: fn === 'Fn::And' ? 'and' : 'or', of: args.map((x) => parse(x, owner)) };
    }
    // Something the logic cannot read: an opaque atom of its own.
    return atom(`?${owner}\u0000${JSON.stringify(v)}`);
  };

  function named(name: string): Formula {
    const known = formulas.get(name);
    if (known) return known;
    if (building.has(name) || !(name in conditions)) return atom(`#${name}`);
    building.add(name);
    const f = parse(conditions[name], name);
    building.delete(name);
    formulas.set(name, f);
    return f;
  }

  const atomsOf = (f: Formula, into: Set<number>): void => {
    if (f.kind === 'atom') into.add(f.id);
    else if (f.kind === 'not') atomsOf(f.of, into);
    else if (f.kind === 'and' || f.kind === 'or') for (const g of f.of) atomsOf(g, into);
  };

  const evaluate = (f: Formula, truth: ReadonlyMap<number, boolean>): boolean => {
    switch (f.kind) {
      case 'atom':
        return truth.get(f.id) ?? false;
      case 'const':
        return f.value;
      case 'not':
        return !evaluate(f.of, truth);
      case 'and':
        return f.of.every((g) => evaluate(g, truth));
      case 'or':
        return f.of.some((g) => evaluate(g, truth));
    }
  };

  /** One parameter equals at most one string at a time. */
  const possible = (truth: ReadonlyMap<number, boolean>): boolean => {
    const seen = new Map<string, string>();
    for (const [id, on] of truth) {
      const eq = equalsOf[id];
      if (!on || !eq) continue;
      const other = seen.get(eq.param);
      if (other !== undefined && other !== eq.value) return false;
      seen.set(eq.param, eq.value);
    }
    return true;
  };

  /** Whether some possible assignment satisfies `facts` and, if given, falsifies `goal`; undefined when too large to enumerate. */
  const search = (held: readonly Fact[], goal?: Formula, given?: { param: string; value: string }): boolean | undefined => {
    const facts = held.map((h) => ({ f: named(h.name), value: h.value }));
    const atoms = new Set<number>();
    if (goal) atomsOf(goal, atoms);
    for (const h of facts) atomsOf(h.f, atoms);
    if (atoms.size > MAX_ATOMS) return undefined;
    const list = [...atoms];
    for (let mask = 0; mask < 1 << list.length; mask++) {
      const truth = new Map(list.map((id, i) => [id, (mask & (1 << i)) !== 0]));
      if (!possible(truth)) continue;
      // A known parameter value decides every Equals comparing that parameter.
      if (given && list.some((id) => equalsOf[id]?.param === given.param && truth.get(id) !== (equalsOf[id]?.value === given.value))) continue;
      if (facts.every((h) => evaluate(h.f, truth) === h.value) && (!goal || !evaluate(goal, truth))) return true;
    }
    return false;
  };

  return {
    implies: (held, needed) => search(held, named(needed)) !== true,
    satisfiable: (facts) => search(facts) !== false,
    allowsValue: (facts, param, value) => search(facts, undefined, { param, value }) !== false,
  };
}
