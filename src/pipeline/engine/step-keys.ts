// Step keys, the journal's addresses: typed values made in one place, so the stages, resume,
// rollback, the views and the AWS-native host all name a step the same way.

export type StepKey = string & { readonly __brand: 'StepKey' };
const key = (...parts: string[]) => parts.join(':') as StepKey;

/** What a per-stack apply step does; also the first part of its key and of its change set name. */
export type ApplyPurpose = 'stage' | 'deploy' | 'revert' | 'rollback';

export const stepKeys = {
  source: () => key('source'),
  package: (region: string) => key('package', region),
  /** The stage's own artifacts when `stage.account` puts the stage stacks in another account. */
  packageStage: (region: string) => key('package-stage', region),
  validate: () => key('validate'),
  preview: (region: string, stack: string) => key('preview', region, stack),
  drift: (region: string, stack: string) => key('drift', region, stack),
  /** The stage's summary cell (its outcome once every stack ran). */
  summary: (stage: string) => key(stage),
  approval: () => key('approval'),
  apply: (purpose: ApplyPurpose, region: string, stack: string) => key(purpose, region, stack),
  /** A region's cell in Deploy (its outcome across its stacks). */
  region: (purpose: 'deploy' | 'rollback', region: string) => key(purpose, region),
  delete: (purpose: 'stage' | 'revert' | 'rollback' | 'cancel', region: string, stack: string) => key(purpose, 'delete', region, stack),
  /** The bake after a wave (`rollout.bake`), before the next wave starts. */
  bake: (wave: number) => key('bake', String(wave)),
  /** Stacks of the pipeline that meridian.yaml no longer deploys where they are. */
  orphans: () => key('orphans'),
  /** `meridian destroy`: one production stack's deletion. */
  destroy: (region: string, stack: string) => key('destroy', region, stack),
  record: (variant: 'production' | 'stage', region: string, stack: string) => key(variant === 'stage' ? 'record-stage' : 'record', region, stack),
  /** A retry of a step is a step of its own (its own change set and tokens). */
  retry: (k: StepKey, attempt: number) => (attempt === 1 ? k : (`${k}#${attempt}` as StepKey)),
};

/** The journal layout this code writes: a run journaled by another layout is not resumed by it. */
export const JOURNAL_VERSION = 2;
