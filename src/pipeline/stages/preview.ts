// Preview: change sets against the production stacks of every region, summarised per region and
// stack, with IAM and security-group changes picked out by @aws-cdk/cloudformation-diff.
// Change sets made here are deleted (and the REVIEW_IN_PROGRESS stack of a new stack with them).
import { createChangeSet, discardChangeSet, getStackTemplate, type ResourceChange } from '../../cloud/index.js';
import { parseTemplate } from '../../template/index.js';
import { mergeNested, nestedSecurityChanges, securityChanges, type SecurityTables } from './preview-security.js';
import { maskChangeValues, valueLines } from './preview-values.js';
import { artifactFor, templateSourceOf, type ArtifactSet } from '../engine/artifact.js';
import { changeSetName, clientToken } from '../engine/ids.js';
import type { RunContext } from '../engine/run-context.js';
import { resolveStackParameters, stackNameOf } from '../engine/stack-parameters.js';
import { checkStackOwnership } from '../engine/stack-ownership.js';
import { stageContext } from '../engine/stage-context.js';
import { stageRegionOf, stageStacks } from '../config/stage-settings.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';
import { stepKeys } from '../engine/step-keys.js';

export interface StackPreview {
  region: string;
  stack: string;
  kind: 'no-changes' | 'changes';
  /** Why the preview was computed from the template instead of a change set. */
  note?: string;
  adds: number;
  modifies: number;
  removes: number;
  replacements: number;
  changes: ResourceChange[];
  /** Rows of the IAM statement changes table (header first), when there are any. */
  iam?: string[][];
  securityGroups?: string[][];
}

export interface PreviewResult {
  stacks: StackPreview[];
  anyChanges: boolean;
}

/** A nested stack's line that its own resources' lines (`Child/...`) follow. */
const isNestedParent = (c: ResourceChange, all: ResourceChange[]) => all.some((o) => o.logicalId.startsWith(`${c.logicalId}/`));

/** Counts per action; a nested stack whose resources are listed counts through them, not as a change of its own. */
export function countChanges(all: ResourceChange[]): Pick<StackPreview, 'adds' | 'modifies' | 'removes' | 'replacements'> {
  const changes = all.filter((c) => !isNestedParent(c, all));
  return {
    adds: changes.filter((c) => c.action === 'Add').length,
    modifies: changes.filter((c) => c.action === 'Modify').length,
    removes: changes.filter((c) => c.action === 'Remove').length,
    replacements: changes.filter((c) => c.replacement === 'True' || c.replacement === 'Conditional').length,
  };
}

/** Previews one stack in one region. */
async function previewStack(ctx: RunContext, artifacts: ArtifactSet, region: string, stackName: string): Promise<StackPreview> {
  const stack = ctx.config.stacks.find((s) => s.name === stackName);
  if (!stack) throw new Error(`unknown stack ${stackName}`);
  const artifact = artifactFor(artifacts, stack.name, region);
  // Before any change set: a stack this pipeline may not touch fails the run here, with nothing changed.
  const where = { stage: 'preview' as const, region, stack: stack.name };
  await checkStackOwnership(ctx, region, stack.name, where);
  if (region === ctx.config.regions.primary && stageStacks(ctx.config).some((s) => s.name === stack.name)) {
    await checkStackOwnership(stageContext(ctx), stageRegionOf(ctx.config), stackNameOf(ctx, stack.name, 'stage'), where);
  }
  const params = await resolveStackParameters(ctx, stack, region, 'production', new Set(artifact.parameters));
  if (params.kind === 'pending-output') {
    const parsed = parseTemplate(artifact.body);
    const resources = parsed.ok && typeof parsed.template.body.Resources === 'object' && parsed.template.body.Resources ? Object.entries(parsed.template.body.Resources as Record<string, { Type?: string }>) : [];
    const changes = resources.map(([logicalId, r]) => ({ action: 'Add', logicalId, resourceType: String(r.Type ?? ''), scope: [], details: [] }));
    return {
      region, stack: stack.name, kind: 'changes', ...countChanges(changes), changes,
      note: `computed from the template: it takes output ${params.output} of ${params.stack} in ${params.region}, which is not deployed yet`,
      ...(ctx.deps.securityTables === false ? {} : await securityChanges(undefined, artifact.body)),
    };
  }
  const stepKey = stepKeys.preview(region, stack.name);
  const name = changeSetName(ctx.runId, `preview-${stack.name}`, region);
  const result = await createChangeSet(ctx.deps.cloud, { region }, {
    stackName: stack.name,
    template: templateSourceOf(artifact),
    parameters: params.values,
    capabilities: stack.capabilities,
    tags: { ...stack.tags, 'meridian:pipeline': ctx.config.pipeline },
    changeSetName: name,
    clientToken: clientToken(ctx.runId, stepKey, 'preview'),
    description: `Meridian preview for run ${ctx.runId}`,
  });
  if (result.kind === 'no-changes') return { region, stack: stack.name, kind: 'no-changes', adds: 0, modifies: 0, removes: 0, replacements: 0, changes: [] };
  // Masked here, before the step's result is journaled: nothing downstream sees a secret.
  const noEcho = artifact.noEcho ?? [];
  const secrets = Object.entries(params.values).filter(([k]) => noEcho.includes(k) || params.origins[k]?.kind === 'env').map(([, v]) => v);
  result.changes = maskChangeValues(result.changes, { templateBody: artifact.body, noEcho, secrets });
  // Nested templates are read from their nested change sets, so before the change set goes.
  const tablesWanted = ctx.deps.securityTables !== false;
  const nested = tablesWanted ? await nestedSecurityChanges(ctx.deps.cloud, { region }, result.changes) : [];
  await discardChangeSet(ctx.deps.cloud, { region }, stack.name, result.changeSetName, result.type === 'CREATE');
  if (!tablesWanted) return { region, stack: stack.name, kind: 'changes', ...countChanges(result.changes), changes: result.changes };
  const current = result.type === 'UPDATE' ? await getStackTemplate(ctx.deps.cloud, { region }, stack.name) : undefined;
  const tables: SecurityTables = mergeNested(await securityChanges(current, artifact.body), nested);
  return { region, stack: stack.name, kind: 'changes', ...countChanges(result.changes), changes: result.changes, ...tables };
}

const SYMBOL: Record<string, string> = { Add: '+', Modify: '~', Remove: '-' };

/**
 * Human lines for a preview: one per resource change (a nested stack's resources indented under it,
 * with their full `Child/Resource` path) followed by its changed values (`Name: before → after`),
 * then the IAM and security-group tables.
 */
export function previewLines(p: StackPreview): string[] {
  const lines = p.changes.flatMap((c) => {
    const replace = c.replacement === 'True' ? ' [REPLACEMENT]' : c.replacement === 'Conditional' ? ' [may be replaced]' : '';
    const props = c.details.map((d) => d.name).filter((n): n is string => Boolean(n));
    const indent = '  '.repeat(c.logicalId.split('/').length - 1);
    const head = `${indent}${SYMBOL[c.action] ?? c.action} ${c.logicalId} ${c.resourceType}${replace}${props.length ? ` (${[...new Set(props)].join(', ')})` : ''}`;
    return [head, ...valueLines(c).map((v) => `${indent}    ${v}`)];
  });
  if (p.note) lines.push(`note: ${p.note}`);
  for (const [title, table] of [['IAM statement changes', p.iam], ['security group changes', p.securityGroups]] as const) {
    if (!table || table.length < 2) continue;
    lines.push(`${title}:`);
    for (const row of table.slice(1)) lines.push(`  ${row.map((cell) => cell.replace(/\s+/g, ' ')).join(' | ')}`);
  }
  return lines;
}

/** Previews every stack in every region; each stack x region is its own durable step. */
export async function previewStage(ctx: RunContext, artifacts: ArtifactSet, regions = allRegions(ctx.config)): Promise<PreviewResult> {
  const stacks: StackPreview[] = [];
  for (const region of regions) {
    for (const stack of stackOrder(ctx.config, region)) {
      const where = { stage: 'preview' as const, region, stack: stack.name };
      const key = stepKeys.preview(region, stack.name);
      const preview = await ctx.step(key, where, () => previewStack(ctx, artifacts, region, stack.name));
      const summary = preview.kind === 'no-changes' ? 'no changes' : `+${preview.adds} ~${preview.modifies} -${preview.removes}${preview.replacements ? ` (${preview.replacements} replaced)` : ''}${preview.iam ? ', IAM changes' : ''}${preview.securityGroups ? ', security group changes' : ''}`;
      ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: preview.kind, summary, ...(preview.kind === 'changes' ? { details: previewLines(preview) } : {}) });
      stacks.push(preview);
    }
  }
  return { stacks, anyChanges: stacks.some((s) => s.kind === 'changes') };
}
