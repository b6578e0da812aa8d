// Property values of a change set's changes (DescribeChangeSet IncludePropertyValues): each detail's
// Path, BeforeValue, AfterValue and AttributeChangeType, and each change's BeforeContext/AfterContext.
// Values come from evaluating the old and new templates with NoEcho parameters set to `****`, so a
// secret never reaches a change set's description; whether a change happened is decided by plan.ts
// on the real values.
import { isRecord } from '../../../template/index.js';
import { exportsOf } from './backend.js';
import { isUnresolved } from './intrinsics.js';
import { liveRecord } from './plan.js';
import type { ParameterValue, RegionState, ResourceChange, StackRecord } from './records.js';
import { propertiesOf, stackView } from './stack-context.js';
import type { StackInputs, StackView } from './stack-context.js';

/** What AWS shows for a value only known once the change set runs. */
export const KNOWN_AFTER_APPLY = '{{changeSet:KNOWN_AFTER_APPLY}}';
const MASK = '****';

const masked = (parameters: ParameterValue[]): ParameterValue[] =>
  parameters.map((p) => (p.noEcho ? { ...p, value: MASK, ...(p.resolved !== undefined ? { resolved: MASK } : {}) } : p));

/** Intrinsics that are still unresolved become AWS's placeholder. */
function placeholders(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(placeholders);
  if (!isRecord(value)) return value;
  if (isUnresolved(value) && Object.keys(value).length === 1) return KNOWN_AFTER_APPLY;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v)]));
}

const text = (value: unknown): string | undefined => (value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value));

function evaluated(view: StackView | undefined, id: string): Record<string, unknown> | undefined {
  if (!view?.resources.has(id)) return undefined;
  try {
    return placeholders(propertiesOf(view, id, false)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function maskedView(rs: RegionState, stack: StackRecord, inputs: StackInputs, known: (id: string) => boolean): StackView | undefined {
  try {
    return stackView({
      stack,
      inputs: { template: inputs.template, parameters: masked(inputs.parameters) },
      records: () => stack.resources,
      known: (r) => liveRecord(r) && known(r.logicalId),
      exportValue: (name) => exportsOf(rs).find((e) => e.name === name)?.value,
    });
  } catch {
    return undefined;
  }
}

/**
 * Fills in the values of `changes` (planned by planChanges for moving `stack` to `inputs`). Resources
 * being added or replaced are not known yet to the new template, as during the update itself.
 */
export function attachPropertyValues(rs: RegionState, stack: StackRecord, inputs: StackInputs, changes: ResourceChange[]): void {
  const pending = new Set(changes.filter((c) => c.Action === 'Add' || (c.Replacement !== undefined && c.Replacement !== 'False')).map((c) => c.LogicalResourceId));
  const after = maskedView(rs, stack, inputs, (id) => !pending.has(id));
  const before = stack.template ? maskedView(rs, stack, { template: stack.template, parameters: stack.parameters }, () => true) : undefined;
  for (const change of changes) {
    const id = change.LogicalResourceId;
    const old = change.Action === 'Add' ? undefined : evaluated(before, id);
    const now = change.Action === 'Remove' ? undefined : evaluated(after, id);
    if (old) change.BeforeContext = JSON.stringify({ Properties: old });
    if (now) change.AfterContext = JSON.stringify({ Properties: now });
    if (change.Action === 'Remove') change.PolicyAction = stack.resources[id]?.deletionPolicy === 'Retain' ? 'Retain' : 'Delete';
    for (const detail of change.Details) {
      const target = detail.Target;
      if (target.Attribute === 'Metadata') {
        target.Path = '/Metadata';
        target.AttributeChangeType = 'Modify';
        continue;
      }
      // Only a Tags detail of a property diff has a property name behind it; stack-tag propagation does not.
      const name = target.Name ?? (target.Attribute === 'Tags' && (old?.Tags !== undefined || now?.Tags !== undefined) ? 'Tags' : undefined);
      if (!name || detail.ChangeSource === 'Automatic') continue;
      const b = text(old?.[name]);
      const a = detail.Evaluation === 'Dynamic' && now?.[name] === undefined ? KNOWN_AFTER_APPLY : text(now?.[name]);
      target.Path = `/Properties/${name}`;
      target.AttributeChangeType = b === undefined ? 'Add' : a === undefined ? 'Remove' : 'Modify';
      if (b !== undefined) target.BeforeValue = b;
      if (a !== undefined) target.AfterValue = a;
    }
  }
}
