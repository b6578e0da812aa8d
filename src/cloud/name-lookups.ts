// Whether a physical name is already taken in a target, for the names the pipeline knows how to ask
// about cheaply and without side effects: S3 buckets (HeadBucket) and SSM parameters
// (GetParameter, never decrypted). And which physical ids a stack owns, so its own resources are
// not mistaken for someone else's.
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { CloudTarget } from './clients.js';
import { clientsOf, send, type CloudDeps } from './cloud-deps.js';
import { errorCode } from './retry-policy.js';
import { isMissingStack } from './stacks.js';

/** Taken, free, or not a type this module can ask about. */
export type NameLookup = 'taken' | 'free' | 'unsupported';

/** The resource types `nameTaken` can ask about. */
export const LOOKUP_TYPES: readonly string[] = ['AWS::S3::Bucket', 'AWS::SSM::Parameter'];

const httpStatus = (err: unknown): number | undefined => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Asks the target whether a resource of `type` named `name` exists (anyone's: a 403 on a bucket is someone else's). */
export async function nameTaken(deps: CloudDeps, target: CloudTarget, type: string, name: string): Promise<NameLookup> {
  const clients = clientsOf(deps, target);
  if (type === 'AWS::S3::Bucket') {
    try {
      await send(deps, () => clients.s3.send(new HeadBucketCommand({ Bucket: name })));
      return 'taken';
    } catch (err) {
      const status = httpStatus(err);
      if (status === 404 || errorCode(err) === 'NotFound' || errorCode(err) === 'NoSuchBucket') return 'free';
      if (status === 403 || status === 301) return 'taken';
      throw err;
    }
  }
  if (type === 'AWS::SSM::Parameter') {
    try {
      await send(deps, () => clients.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false })));
      return 'taken';
    } catch (err) {
      if (errorCode(err) === 'ParameterNotFound') return 'free';
      throw err;
    }
  }
  return 'unsupported';
}

/** Physical ids of a stack's resources by logical id; empty when the stack does not exist. */
export async function stackPhysicalIds(deps: CloudDeps, target: CloudTarget, stackName: string): Promise<Map<string, string>> {
  const { cloudformation } = clientsOf(deps, target);
  const ids = new Map<string, string>();
  let token: string | undefined;
  try {
    // Bounded: a stack holds at most 500 resources, 100 a page.
    for (let page = 0; page < 10; page++) {
      const out = await send(deps, () => cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token })));
      for (const r of out.StackResourceSummaries ?? []) if (r.LogicalResourceId && r.PhysicalResourceId) ids.set(r.LogicalResourceId, r.PhysicalResourceId);
      token = out.NextToken;
      if (!token) break;
    }
  } catch (err) {
    if (isMissingStack(err)) return ids;
    throw err;
  }
  return ids;
}
