// The CodePipeline form's checks: one function invoked by Lambda actions ("CodePipeline.job"
// events). It packages the source artifact per region, validates, previews, checks drift and records
// the approved artifacts through the same actions the state machine uses, then reports the job's
// result. What CodePipeline does natively (deploying stacks) stays with its CloudFormation actions.
import { runAction, type ActionDeps } from './actions.js';
import { resolveParameterValues, type ParameterSource } from '../../pipeline/index.js';
import { packageAll, unpack, validateAll, type Checkout, type PackagedArtifact } from './source.js';
import type { DriftResult, PreviewResult, RegionArtifact } from './requests.js';
import { unzip } from './unzip.js';
import { zipFiles } from '../zip-files.js';
import { fetchPost, notify, pipelineExecutionUrl } from './notify.js';

export interface ArtifactLocation {
  bucketName: string;
  objectKey: string;
}
export interface ArtifactCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface JobPorts {
  readArtifact(location: ArtifactLocation, credentials: ArtifactCredentials): Promise<Buffer>;
  writeArtifact(location: ArtifactLocation, credentials: ArtifactCredentials, zip: Buffer): Promise<void>;
  succeed(jobId: string, outputVariables?: Record<string, string>): Promise<void>;
  fail(jobId: string, message: string): Promise<void>;
}

interface Artifact {
  name: string;
  location: { type: string; s3Location: ArtifactLocation };
}
export interface PipelineJobEvent {
  'CodePipeline.job': {
    id: string;
    data: {
      actionConfiguration: { configuration: { UserParameters?: string } };
      inputArtifacts: Artifact[];
      outputArtifacts: Artifact[];
      artifactCredentials: ArtifactCredentials;
    };
  };
}

/** What a Lambda action of the emitted pipeline asks for (its UserParameters). */
export interface CheckRequest {
  action: 'package-artifact' | 'validate' | 'preview' | 'drift' | 'record';
  runId: string;
  targets: { region: string; roleArn?: string }[];
  commit?: string;
}

type Job = PipelineJobEvent['CodePipeline.job'];

async function inputZip(ports: JobPorts, job: Job, index = 0): Promise<Buffer> {
  const input = job.data.inputArtifacts[index];
  if (!input) throw new Error('the action has no input artifact');
  return ports.readArtifact(input.location.s3Location, job.data.artifactCredentials);
}

async function packagedArtifacts(ports: JobPorts, job: Job): Promise<RegionArtifact[]> {
  const files = unzip(await inputZip(ports, job));
  return JSON.parse(files.get('artifacts.json')?.toString('utf8') ?? '[]') as RegionArtifact[];
}

/** The Packaged artifact: templates, template configurations (parameters that are not other stacks' outputs, tags) and artifacts.json. */
async function packagedZip(deps: ActionDeps, req: CheckRequest, packaged: PackagedArtifact[]): Promise<Buffer> {
  const files: Record<string, Buffer> = {};
  const src: ParameterSource = { cloud: deps.cloud, config: deps.config, env: deps.env };
  for (const a of packaged) {
    files[`${a.region}/${a.stack}.template`] = Buffer.from(a.body);
    const stack = deps.config.stacks.find((s) => s.name === a.stack);
    if (!stack) continue;
    const roleArn = req.targets.find((t) => t.region === a.region)?.roleArn;
    for (const variant of a.region === deps.config.regions.primary ? (['production', 'stage'] as const) : (['production'] as const)) {
      const values = await resolveParameterValues({ ...src, ...(roleArn ? { roleArn } : {}) }, stack, a.region, variant, new Set(a.parameters), { skipOutputs: true });
      if (values.kind === 'missing') throw new Error(values.message);
      const parameters = values.kind === 'resolved' ? values.values : {};
      files[`${a.region}/${a.stack}.${variant}.json`] = Buffer.from(JSON.stringify({ Parameters: parameters, Tags: { ...stack.tags, 'meridian:pipeline': deps.config.pipeline } }, null, 2));
    }
  }
  files['artifacts.json'] = Buffer.from(JSON.stringify(packaged.map(({ body: _body, ...rest }) => rest)));
  return zipFiles(files);
}

async function check(deps: ActionDeps, ports: JobPorts, job: Job, req: CheckRequest): Promise<Record<string, string>> {
  const regionRequest = (t: CheckRequest['targets'][number]) => ({ runId: req.runId, region: t.region, ...(t.roleArn ? { roleArn: t.roleArn } : {}) });
  switch (req.action) {
    case 'package-artifact':
    case 'validate': {
      const dir = unpack(await inputZip(ports, job), deps.scratch, `${req.runId}-${req.action}`);
      const tree: Checkout = { dir, commit: req.commit ?? '', author: { name: '', email: '' } };
      if (req.action === 'validate') {
        const failing = await validateAll(deps.config, tree, req.targets.map((t) => t.region));
        if (failing.length > 0) throw new Error(`validation failed (failOn ${deps.config.validation.failOn}): ${failing.slice(0, 5).join('; ')}`);
        return {};
      }
      const packaged = await packageAll(deps.cloud, deps.config, tree, req.targets.map((t) => ({ region: t.region, ...(t.roleArn ? { roleArn: t.roleArn } : {}) })));
      const output = job.data.outputArtifacts[0];
      if (!output) throw new Error('the package action has no output artifact');
      await ports.writeArtifact(output.location.s3Location, job.data.artifactCredentials, await packagedZip(deps, req, packaged));
      return { stacks: String(deps.config.stacks.length) };
    }
    case 'preview': {
      const artifacts = await packagedArtifacts(ports, job);
      const results = (await Promise.all(req.targets.map((t) => runAction(deps, { ...regionRequest(t), action: 'preview', artifacts })))) as PreviewResult[];
      return { changed: String(results.some((r) => r.changed)) };
    }
    case 'drift': {
      const results = (await Promise.all(req.targets.map((t) => runAction(deps, { ...regionRequest(t), action: 'drift' })))) as DriftResult[];
      const drifted = results.flatMap((r) => r.stacks.filter((s) => s.drifted.length).map((s) => `${s.stack}@${r.region} (${s.drifted.join(', ')})`));
      if (drifted.length) {
        // CodePipeline has no event of its own for drift: the check announces it (whatever the policy).
        const reason = `drift on ${drifted.join(', ')} (drift.onDrift: ${deps.config.drift.onDrift})`;
        const url = pipelineExecutionUrl(deps.home, deps.config.pipeline, req.runId);
        await notify(deps.config, deps.post ?? fetchPost, { kind: 'drift', runId: req.runId, region: deps.home, reason, url, ...(req.commit ? { commit: req.commit } : {}) });
      }
      if (drifted.length && deps.config.drift.onDrift === 'block') throw new Error(`drift detected on ${drifted.join(', ')} (drift.onDrift: block)`);
      return { drifted: String(drifted.length > 0) };
    }
    case 'record': {
      const artifacts = await packagedArtifacts(ports, job);
      // Record runs only after every wave stage succeeded (any failed action fails its stage).
      for (const t of req.targets) await runAction(deps, { ...regionRequest(t), action: 'record', commit: req.commit ?? '', artifacts, onlyIfDeployed: false });
      return { recorded: String(req.targets.length) };
    }
  }
}

/** Runs one job and reports it; a failed check fails the action (and so the pipeline execution) with the reason. */
export async function handlePipelineJob(deps: ActionDeps, ports: JobPorts, event: PipelineJobEvent): Promise<void> {
  const job = event['CodePipeline.job'];
  let req: CheckRequest;
  try {
    req = JSON.parse(job.data.actionConfiguration.configuration.UserParameters ?? '') as CheckRequest;
  } catch {
    await ports.fail(job.id, 'UserParameters is not JSON');
    return;
  }
  try {
    await ports.succeed(job.id, await check(deps, ports, job, req));
  } catch (err) {
    await ports.fail(job.id, `${(err as Error).message}`.slice(0, 5000));
  }
}
