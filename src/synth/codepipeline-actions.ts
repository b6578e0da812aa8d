// The stages and actions of the CodePipeline form: Source -> Package (and Validate) -> Preview ->
// Stage -> Drift -> Approval -> [delete stage stacks] -> one stage per wave -> Record.
// Within a region, stacks deploy in their DAG order (RunOrder = level + 1); regions of one wave
// deploy side by side. Other stacks' outputs reach parameters through Fn::GetParam on the output
// artifact of the action that deployed them; every other value is in the template configuration
// file the Package check writes.
import { ifThen, ref, sub, type Json } from './cfn.js';
import type { SynthPlan, RegionTarget } from './plan.js';
import type { StackConfig } from '../pipeline/index.js';

type Variant = 'stage' | 'production';
type Declared = ((stack: string) => ReadonlySet<string> | undefined) | undefined;

const outputArtifact = (variant: Variant, stack: string, region: string) => `out-${variant}-${stack}-${region}`.replace(/[^A-Za-z0-9_-]/g, '-');
const roleOf = (t: RegionTarget) => (typeof t.roleArn === 'string' ? t.roleArn : '${DeploymentRoleArn}');

function lambdaAction(name: string, request: Record<string, unknown>, inputs: string[], outputs: string[] = [], runOrder = 1): Json {
  // The request is JSON with ${DeploymentRoleArn} and the source's commit variable substituted in.
  const text = JSON.stringify({ ...request, runId: '#{codepipeline.PipelineExecutionId}' });
  return {
    Name: name,
    ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'Lambda', Version: '1' },
    Configuration: { FunctionName: ref('ChecksFunction'), UserParameters: sub(text, { Commit: ifThen('HasRepository', '#{SourceVariables.CommitId}', '#{SourceVariables.VersionId}') }) },
    InputArtifacts: inputs.map((Name) => ({ Name })),
    ...(outputs.length ? { OutputArtifacts: outputs.map((Name) => ({ Name })) } : {}),
    RunOrder: runOrder,
  };
}

/** Where the value of each `{ output }` parameter of `stack` comes from when deployed to `region`. */
function outputReads(plan: SynthPlan, stack: StackConfig, region: string, variant: Variant) {
  const primary = plan.home;
  const specs = { ...stack.parameters, ...(region !== primary ? stack.secondaryParameters : {}), ...(stack.regionParameters[region] ?? {}) };
  return Object.entries(specs).flatMap(([key, spec]) => {
    if (typeof spec !== 'object' || !('output' in spec)) return [];
    const from = variant === 'stage' || spec.output.region === 'primary' ? primary : (spec.output.region ?? region);
    return [{ key, artifact: outputArtifact(variant, spec.output.stack, from), output: spec.output.name }];
  });
}

function cfnAction(plan: SynthPlan, stack: StackConfig, target: RegionTarget, variant: Variant, produces: Set<string>, declared: Declared, mode: 'CREATE_UPDATE' | 'DELETE_ONLY'): Json {
  const { region } = target;
  const stackName = variant === 'stage' ? `${stack.name}${plan.config.stage.suffix}` : stack.name;
  const level = plan.levels[region]?.[stack.name] ?? 0;
  const account = target.account ?? '${AWS::AccountId}';
  const base = {
    ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CloudFormation', Version: '1' },
    Region: region,
    // Another account: CodePipeline assumes that account's Meridian role for the action.
    ...(target.account && typeof target.roleArn === 'string' ? { RoleArn: target.roleArn } : {}),
  };
  const execRole = sub(`arn:\${AWS::Partition}:iam::${account}:role/\${CloudFormationExecutionRoleName}`);
  if (mode === 'DELETE_ONLY') {
    const depth = Math.max(0, ...Object.values(plan.levels[region] ?? {}));
    return { ...base, Name: `delete-${stackName}`, Configuration: { ActionMode: 'DELETE_ONLY', StackName: stackName, RoleArn: execRole }, RunOrder: depth - level + 1 };
  }
  const known = declared?.(stack.name);
  const reads = outputReads(plan, stack, region, variant).filter((r) => !known || known.has(r.key));
  const overrides = Object.fromEntries(reads.map((r) => [r.key, { 'Fn::GetParam': [r.artifact, 'outputs.json', r.output] }]));
  const mine = outputArtifact(variant, stack.name, region);
  return {
    ...base,
    Name: `${stackName}-${region}`,
    Configuration: {
      ActionMode: 'CREATE_UPDATE',
      StackName: stackName,
      TemplatePath: `Packaged::${region}/${stack.name}.template`,
      TemplateConfiguration: `Packaged::${region}/${stack.name}.${variant}.json`,
      RoleArn: execRole,
      ...(stack.capabilities.length ? { Capabilities: stack.capabilities.join(',') } : {}),
      ...(reads.length ? { ParameterOverrides: JSON.stringify(overrides) } : {}),
      ...(produces.has(mine) ? { OutputFileName: 'outputs.json' } : {}),
    },
    InputArtifacts: [{ Name: 'Packaged' }, ...[...new Set(reads.map((r) => r.artifact))].map((Name) => ({ Name }))],
    ...(produces.has(mine) ? { OutputArtifacts: [{ Name: mine }] } : {}),
    RunOrder: level + 1,
  };
}

/** Every stage of the pipeline. */
export function pipelineStages(plan: SynthPlan, declared?: Declared): Json[] {
  const { config } = plan;
  const targets = plan.regions.map((r) => ({ region: r.region, roleArn: roleOf(r) }));
  const primary = plan.regions.find((r) => r.region === plan.home) as RegionTarget;
  const stacksIn = (region: string) => config.stacks.filter((s) => !s.regions || s.regions.includes(region));
  const produces = new Set<string>();
  for (const r of plan.regions) {
    for (const s of stacksIn(r.region)) {
      for (const variant of r.region === plan.home ? (['production', 'stage'] as const) : (['production'] as const)) {
        for (const read of outputReads(plan, s, r.region, variant)) produces.add(read.artifact);
      }
    }
  }
  const source = ifThen(
    'HasRepository',
    { Name: 'Source', ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeCommit', Version: '1' }, Namespace: 'SourceVariables', OutputArtifacts: [{ Name: 'Source' }],
      Configuration: { RepositoryName: ref('RepositoryName'), BranchName: config.source.branch, PollForSourceChanges: 'false', OutputArtifactFormat: 'CODE_ZIP' } },
    { Name: 'Source', ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'S3', Version: '1' }, Namespace: 'SourceVariables', OutputArtifacts: [{ Name: 'Source' }],
      Configuration: { S3Bucket: ref('SourceBucketName'), S3ObjectKey: ref('SourceObjectKey'), PollForSourceChanges: 'false' } },
  );
  const stages: Json[] = [
    { Name: 'Source', Actions: [source] },
    { Name: 'Package', Actions: [lambdaAction('Package', { action: 'package-artifact', targets, commit: '${Commit}' }, ['Source'], ['Packaged']), lambdaAction('Validate', { action: 'validate', targets }, ['Source'])] },
    { Name: 'Preview', Actions: [lambdaAction('Preview', { action: 'preview', targets }, ['Packaged'])] },
    { Name: 'Stage', Actions: stacksIn(plan.home).map((s) => cfnAction(plan, s, primary, 'stage', produces, declared, 'CREATE_UPDATE')) },
    { Name: 'Drift', Actions: [lambdaAction('Drift', { action: 'drift', targets }, ['Packaged'])] },
  ];
  if (config.approval.required) {
    const who = config.approval.approvers.length ? config.approval.approvers.join(', ') : 'anyone with codepipeline:PutApprovalResult';
    stages.push({
      Name: 'Approval',
      Actions: [{
        Name: 'Approve',
        ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
        Configuration: { NotificationArn: ref('ApprovalTopic'), CustomData: `Meridian ${plan.pipeline}: the stage stacks in ${plan.home} are deployed. Approvers: ${who}.`.slice(0, 500) },
        // CodePipeline allows 5 minutes to 7 days for a manual approval.
        TimeoutInMinutes: Math.min(10_080, Math.max(5, Math.round(config.approval.timeout / 60_000))),
        RunOrder: 1,
      }],
    });
  }
  if (!config.stage.retain) stages.push({ Name: 'DeleteStage', Actions: stacksIn(plan.home).map((s) => cfnAction(plan, s, primary, 'stage', produces, declared, 'DELETE_ONLY')) });
  plan.waves.forEach((wave, i) => {
    const actions = wave.regions.flatMap((region) => {
      const target = plan.regions.find((r) => r.region === region) as RegionTarget;
      return stacksIn(region).map((s) => cfnAction(plan, s, target, 'production', produces, declared, 'CREATE_UPDATE'));
    });
    stages.push({ Name: `Wave${i + 1}`, Actions: actions });
  });
  stages.push({ Name: 'Record', Actions: [lambdaAction('Record', { action: 'record', targets, commit: '${Commit}' }, ['Packaged'])] });
  return stages;
}
