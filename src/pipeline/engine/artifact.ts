// What Package hands to the later stages for each stack x region. It is the package step's journaled
// result, so any later step (in this process, a resumed one, or another host's function) reads it back.
import type { TemplateSource } from '../../cloud/index.js';

export interface StackArtifact {
  stack: string;
  region: string;
  sha256: string;
  /** TemplateURL of the packaged template in the region's artifact bucket. */
  url: string;
  bucket?: string;
  key?: string;
  versionId?: string;
  /** True when the template is over 51,200 bytes and must be deployed by URL. */
  useUrl: boolean;
  /** The packaged template text (sent as TemplateBody unless useUrl). */
  body: string;
  /** Parameter names the template declares (others in meridian.yaml are left out). */
  parameters: string[];
  /** The declared parameters that are NoEcho: their values are secrets. */
  noEcho?: string[];
}

export function templateSourceOf(a: Pick<StackArtifact, 'url' | 'useUrl' | 'body'>): TemplateSource {
  return a.useUrl ? { url: a.url } : { body: a.body };
}

/** Artifacts of one run, by `${stack}@${region}`. */
export type ArtifactSet = Record<string, StackArtifact>;
export const artifactKey = (stack: string, region: string) => `${stack}@${region}`;
/** A stage stack's own artifact, in the stage account's bucket (`stage.account` in another account). */
export const stageArtifactKey = (stack: string, region: string) => `${stack}@${region}#stage`;

/**
 * The artifact a deployment of `stack` in `region` uses: for a stage stack, its own when Package made
 * one in the stage account (a stack in one account cannot read a template from another's bucket).
 */
export function artifactFor(set: ArtifactSet, stack: string, region: string, variant: 'stage' | 'production' = 'production'): StackArtifact {
  const a = (variant === 'stage' ? set[stageArtifactKey(stack, region)] : undefined) ?? set[artifactKey(stack, region)];
  if (!a) throw new Error(`no packaged artifact for ${stack} in ${region}`);
  return a;
}
