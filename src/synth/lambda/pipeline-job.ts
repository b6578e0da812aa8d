// The CodePipeline form's checks: one function invoked by Lambda actions ("CodePipeline.job"
// events). It packages the source artifact per region, validates, previews, checks drift and writes
// the approved records with src/pipeline's stages on the run's context (run-host.ts, the pipeline
// execution id as the run id), then reports the job's result. What CodePipeline does natively
// (deploying stacks) stays with its CloudFormation actions.
import { deploymentFor, driftDecision, driftStage, packagedArtifacts, packageStage, previewStage, resolveParameterValues, stackOrder, stageRegion, StepFailure, validateStage, writeRecord, type ArtifactSet } from '../../pipeline/index.js';
import { ensureArtifactBucket } from '../../cloud/index.js';
import type { ActionDeps } from './actions.js';
import { runHost, type RunHost } from './run-host.js';
import { unpack, type Checkout } from './source.js';
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

/** The Packaged artifact: templates, template configurations (parameters that are not other stacks' outputs, tags) and artifacts.json. */
async function packagedZip(host: RunHost, artifacts: ArtifactSet): Promise<Buffer> {
  const { ctx } = host;
  const files: Record<string, Buffer> = {};
  for (const a of Object.values(artifacts)) {
    files[`${a.region}/${a.stack}.template`] = Buffer.from(a.body);
    const stack = ctx.config.stacks.find((s) => s.name === a.stack);
    if (!stack) continue;
    for (const variant of a.region === ctx.config.regions.primary ? (['production', 'stage'] as const) : (['production'] as const)) {
      const values = await resolveParameterValues({ cloud: ctx.deps.cloud, config: ctx.config, env: ctx.deps.env }, stack, a.region, variant, new Set(a.parameters), { skipOutputs: true });
      if (values.kind === 'missing') throw new Error(values.message);
      const parameters = values.kind === 'resolved' ? values.values : {};
      files[`${a.region}/${a.stack}.${variant}.json`] = Buffer.from(JSON.stringify({ Parameters: parameters, Tags: { ...stack.tags, 'meridian:pipeline': ctx.config.pipeline } }, null, 2));
    }
  }
  files['artifacts.json'] = Buffer.from(JSON.stringify(Object.values(artifacts).map(({ body: _body, ...rest }) => rest)));
  return zipFiles(files);
}

/** Writes the approved records of what CodePipeline deployed: the same deployments the local engine would record. */
async function recordDeployed(host: RunHost, regions: string[]): Promise<number> {
  const { ctx } = host;
  const artifacts = await packagedArtifacts(ctx);
  let n = 0;
  const record = async (stackName: string, region: string, variant: 'production' | 'stage') => {
    const stack = ctx.config.stacks.find((s) => s.name === stackName);
    const artifact = artifacts[`${stackName}@${region}`];
    if (!stack || !artifact) return;
    const made = await deploymentFor(ctx, stack, region, variant, artifact);
    if (made.kind !== 'ready') throw new StepFailure('PARAMETER_OUTPUT_MISSING', `stack ${made.stack} in ${made.region} has no output ${made.output}`, { stage: 'record', region });
    await writeRecord(ctx.deps.cloud, { region }, made.deployment.record);
    n++;
  };
  for (const region of regions) for (const s of stackOrder(ctx.config, region)) await record(s.name, region, 'production');
  if (ctx.config.stage.retain) for (const s of stackOrder(ctx.config, stageRegion(ctx))) await record(s.name, stageRegion(ctx), 'stage');
  return n;
}

async function check(deps: ActionDeps, ports: JobPorts, job: Job, req: CheckRequest): Promise<Record<string, string>> {
  const roles = Object.fromEntries(req.targets.flatMap((t) => (t.roleArn ? [[t.region, t.roleArn]] : [])));
  const regions = req.targets.map((t) => t.region);
  const treeFromInput = async (): Promise<Checkout> => ({ dir: unpack(await inputZip(ports, job), deps.scratch, `${req.runId}-${req.action}`), commit: req.commit ?? '', author: { name: '', email: '' } });
  const host = await runHost(deps, { runId: req.runId, roles }, req.action === 'package-artifact' || req.action === 'validate' ? { tree: await treeFromInput() } : {});
  const { ctx } = host;
  switch (req.action) {
    case 'validate':
      await validateStage(ctx);
      return {};
    case 'package-artifact': {
      await ensureArtifactBucket(deps.cloud, host.home.target, host.home.bucket);
      await host.journal.create({ id: req.runId, pipeline: deps.config.pipeline, status: 'running', commit: req.commit ?? '', data: { journalVersion: 2 } });
      const artifacts = await packageStage(ctx, regions);
      const output = job.data.outputArtifacts[0];
      if (!output) throw new Error('the package action has no output artifact');
      await ports.writeArtifact(output.location.s3Location, job.data.artifactCredentials, await packagedZip(host, artifacts));
      return { stacks: String(deps.config.stacks.length) };
    }
    case 'preview': {
      const preview = await previewStage(ctx, await packagedArtifacts(ctx), regions);
      return { changed: String(preview.anyChanges) };
    }
    case 'drift': {
      const reports = (await driftStage(ctx, regions)).reports;
      const decision = driftDecision(deps.config, reports);
      if (decision.kind !== 'in-sync' && reports.some((r) => r.drifted.length)) {
        // CodePipeline has no event of its own for drift: the check announces it (whatever the policy).
        const url = pipelineExecutionUrl(deps.home, deps.config.pipeline, req.runId);
        await notify(deps.config, deps.post ?? fetchPost, { kind: 'drift', runId: req.runId, region: deps.home, reason: decision.reason, url, ...(req.commit ? { commit: req.commit } : {}) });
      }
      if (decision.kind === 'block') throw new Error(decision.reason);
      return { drifted: String(reports.some((r) => r.drifted.length > 0)) };
    }
    case 'record':
      // Record runs only after every wave stage succeeded (any failed action fails its stage).
      return { recorded: String(await recordDeployed(host, regions)) };
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
