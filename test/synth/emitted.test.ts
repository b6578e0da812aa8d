// Every emitted state machine passes asl-validator, every emitted template passes `meridian validate`
// with no error and no cfn_nag FAIL finding, and the definitions carry the rollout and approval policy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import aslValidator from 'asl-validator';
import { createValidator } from '../../src/validate/index.js';
import { synthesize, synthPlan, stateMachineDefinition, type AslDefinition } from '../../src/synth/index.js';
import { CONFIGS, configOf } from './configs.js';

/** The definition as Step Functions sees it once CloudFormation substituted the placeholders. */
function substituted(def: AslDefinition): unknown {
  const text = JSON.stringify(def)
    .replaceAll('${RegionalFunctionArn}', 'arn:aws:lambda:us-east-1:123456789012:function:meridian-x-regional')
    .replaceAll('${DeploymentRoleArn}', 'arn:aws:iam::123456789012:role/meridian-deploy');
  return JSON.parse(text);
}

type State = Record<string, unknown>;
function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, s]) => {
    const inner = (s.ItemProcessor as { States?: Record<string, State> } | undefined)?.States ?? {};
    return [[name, s] as [string, State], ...allStates(inner)];
  });
}

describe('synth: emitted output', () => {
  for (const name of Object.keys(CONFIGS)) {
    it(`${name}: the state machine passes asl-validator`, () => {
      const result = aslValidator(substituted(stateMachineDefinition(synthPlan(configOf(name)))));
      assert.deepEqual(result.errors, []);
      assert.equal(result.isValid, true);
    });

    it(`${name}: every template passes meridian validate with no error and no cfn_nag FAIL`, async () => {
      const config = configOf(name);
      const files = [...(await synthesize(config, 'stepfunctions', { bundle: false })), ...(await synthesize(config, 'codepipeline', { bundle: false }))];
      const validator = createValidator({ regions: [config.regions.primary], discoverConfig: false });
      const templates = files.filter((f) => f.path.endsWith('.template.json'));
      assert.equal(templates.length, 4);
      for (const f of templates) {
        const report = validator.validateText(String(f.content), f.path);
        const bad = report.findings.filter((x) => x.severity === 'error' || (x.source === 'cfn_nag' && x.ruleId.startsWith('F')));
        assert.deepEqual(bad.map((x) => `${f.path} ${x.ruleId} ${x.message}`), []);
      }
    });
  }

  it('waves are Distributed Map states with the rollout concurrency and tolerance', () => {
    const def = stateMachineDefinition(synthPlan(configOf('accounts-waves')));
    const waves = Object.entries(def.States).filter(([, s]) => s.Type === 'Map' && (s.ItemProcessor as { ProcessorConfig: { Mode: string } }).ProcessorConfig.Mode === 'DISTRIBUTED');
    assert.deepEqual(waves.map(([n]) => n), ['Wave 1: us-east-1', 'Wave 2: us-west-2', 'Wave 3: eu-west-1, eu-central-1']);
    for (const [, s] of waves) {
      assert.equal(s.MaxConcurrency, 2);
      assert.equal(s.ToleratedFailurePercentage, 50);
      assert.equal(s.ToleratedFailureCount, undefined);
    }
    assert.equal(def.States['Wave 1: us-east-1']?.Next, 'Wave 2: us-west-2');
    assert.equal(def.States['Wave 3: eu-west-1, eu-central-1']?.Next, 'Finish');
    // Each region's task calls deploy-region until it stops answering in-progress.
    const inner = (def.States['Wave 1: us-east-1']?.ItemProcessor as { States: Record<string, State> }).States;
    assert.deepEqual((inner['Wave 1 region']?.Parameters as { Payload: State }).Payload.action, 'deploy-region');
    assert.deepEqual(inner['Wave 1 region: done?']?.Choices, [
      { Variable: '$.step.value.status', StringEquals: 'in-progress', Next: 'Wave 1 region' },
      { Variable: '$.step.value.status', StringEquals: 'failed', Next: 'Wave 1 region failed' },
    ]);
  });

  it('a count tolerance becomes ToleratedFailureCount; the default waves are primary then secondaries', () => {
    const def = stateMachineDefinition(synthPlan(configOf('shop-infra')));
    assert.equal(def.States['Wave 1: us-east-1']?.ToleratedFailureCount, 0);
    assert.ok(def.States['Wave 2: us-west-2, eu-west-1']);
  });

  it('approval waits on a task token with the configured timeout; the decision, whatever it is, goes to the function', () => {
    const def = stateMachineDefinition(synthPlan(configOf('accounts-waves')));
    const approval = def.States.Approval as State;
    assert.equal(approval.Resource, 'arn:aws:states:::lambda:invoke.waitForTaskToken');
    assert.equal(approval.TimeoutSeconds, 2 * 86_400);
    assert.deepEqual((approval.Catch as State[])[0], { ErrorEquals: ['Meridian.Rejected', 'States.Timeout'], ResultPath: '$.refused', Next: 'Decided (refused)' });
    assert.equal(approval.Next, 'Decided');
    for (const name of ['Decided', 'Decided (refused)']) {
      assert.equal(((def.States[name]?.Parameters as { Payload: State }).Payload).action, 'decided', name);
      assert.equal(def.States[name]?.Next, 'Approved?', name);
    }
    // The function reverted the stage on a refusal; accounts-waves announces rejections, then fails.
    assert.deepEqual(def.States['Approved?']?.Choices, [{ Variable: '$.decided.value.approved', BooleanEquals: false, Next: 'Notify: rejected (Rejected)' }]);
    assert.equal(def.States['Notify: rejected (Rejected)']?.Next, 'Rejected');
    // stage.retain false: the function deletes the stage stacks when it records the approval.
    assert.equal(def.States['Approved?']?.Default, 'Wave 1: us-east-1');
    assert.equal(def.States['Delete stage stacks'], undefined);
  });

  it('without approval, that state is left out; the stage stacks go before the first wave', () => {
    const def = stateMachineDefinition(synthPlan(configOf('single-region')));
    assert.equal(def.States.Approval, undefined);
    assert.equal(def.States.Decided, undefined);
    // stage.retain defaults to false: the stage stacks go before the first wave, as in the local engine.
    assert.equal(def.States.Drift?.Next, 'Drift policy');
    assert.equal(def.States['Drifted?']?.Default, 'Delete stage stacks');
    assert.equal(def.States['Delete stage stacks']?.Next, 'Wave 1: eu-central-1');
  });

  it('a wave over its tolerance goes to the function, which stops, reports and rolls back by rollout.onFailure', () => {
    for (const name of ['single-region', 'accounts-waves']) {
      const def = stateMachineDefinition(synthPlan(configOf(name)));
      for (const [n, s] of Object.entries(def.States).filter(([k]) => k.startsWith('Wave '))) {
        assert.deepEqual(s.Catch, [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Deploy failed: end the run' }], `${name} ${n}`);
      }
      // Rollback is the local engine's code inside deploy-failed, not states of its own.
      assert.equal(((def.States['Deploy failed: end the run']?.Parameters as { Payload: State }).Payload).action, 'deploy-failed');
      assert.equal(Object.keys(def.States).some((k) => /roll/i.test(k)), false, name);
    }
  });

  it('Retry blocks come from rollout.retries on every task', () => {
    const tasks = (name: string) => allStates(stateMachineDefinition(synthPlan(configOf(name))).States).filter(([, s]) => s.Type === 'Task');
    const retried = tasks('accounts-waves');
    assert.ok(retried.length >= 8);
    for (const [n, s] of retried) {
      const retry = (s.Retry as State[] | undefined)?.[0];
      assert.ok(retry, `${n} has a Retry`);
      assert.equal(retry.MaxAttempts, 4);
      assert.equal(retry.IntervalSeconds, 10);
    }
    // attempts: 1 means no retry at all.
    for (const [, s] of tasks('single-region')) assert.equal(s.Retry, undefined);
  });

  it('regions reach their account through the role named in accounts; others through a template parameter', async () => {
    const plan = synthPlan(configOf('accounts-waves'));
    assert.deepEqual(plan.regions.map((r) => [r.region, r.roleArn]), [
      ['us-east-1', 'arn:aws:iam::111111111111:role/meridian-deploy'],
      ['us-west-2', 'arn:aws:iam::111111111111:role/meridian-deploy'],
      ['eu-west-1', 'arn:aws:iam::222222222222:role/meridian-deploy'],
      ['eu-central-1', 'arn:aws:iam::222222222222:role/meridian-deploy'],
    ]);
    assert.equal(plan.needsDeploymentRole, false);
    const shop = JSON.parse(String((await synthesize(configOf('shop-infra'), 'stepfunctions', { bundle: false }))[0]?.content));
    assert.ok(shop.Parameters.DeploymentRoleArn);
    assert.deepEqual(shop.Resources.StateMachine.Properties.DefinitionSubstitutions.DeploymentRoleArn, { Ref: 'DeploymentRoleArn' });
  });

  it('the StackSet puts an artifact store in every account and region', async () => {
    const t = JSON.parse(String((await synthesize(configOf('accounts-waves'), 'stepfunctions', { bundle: false }))[0]?.content));
    const group = t.Resources.ArtifactStores.Properties.StackInstancesGroup[0];
    assert.deepEqual(group.DeploymentTargets.Accounts, ['111111111111', '222222222222']);
    assert.deepEqual(group.Regions, ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']);
    const store = JSON.parse(t.Resources.ArtifactStores.Properties.TemplateBody);
    assert.equal(store.Resources.ArtifactKey.Properties.EnableKeyRotation, true);
    assert.deepEqual(store.Resources.ArtifactBucket.Properties.BucketName, { 'Fn::Sub': 'meridian-payments-${AWS::AccountId}-${AWS::Region}' });
  });

  it('codepipeline: V2 with an artifact store per region, waves as stages, stacks in DAG order, outputs by Fn::GetParam', async () => {
    const t = JSON.parse(String((await synthesize(configOf('shop-infra'), 'codepipeline', { bundle: false }))[0]?.content));
    const p = t.Resources.Pipeline.Properties;
    assert.equal(p.PipelineType, 'V2');
    assert.deepEqual(p.ArtifactStores.map((s: { Region: string }) => s.Region), ['us-east-1', 'us-west-2', 'eu-west-1']);
    assert.deepEqual(p.Stages.map((s: { Name: string }) => s.Name), ['Source', 'Package', 'Preview', 'Stage', 'Drift', 'Approval', 'Wave1', 'Wave2', 'Record']);
    const wave2 = p.Stages[7].Actions as { Name: string; Region: string; RunOrder: number; Configuration: Record<string, string>; OutputArtifacts?: { Name: string }[] }[];
    assert.deepEqual(wave2.map((a) => [a.Name, a.Region, a.RunOrder]), [['shop-config-us-west-2', 'us-west-2', 1], ['shop-app-us-west-2', 'us-west-2', 2], ['shop-config-eu-west-1', 'eu-west-1', 1], ['shop-app-eu-west-1', 'eu-west-1', 2]]);
    const app = JSON.parse(wave2[1]?.Configuration.ParameterOverrides ?? '{}');
    assert.deepEqual(app.PrimaryAssetsBucketArn, { 'Fn::GetParam': ['out-production-shop-config-us-east-1', 'outputs.json', 'AssetsBucketArn'] });
    // The producer of a read output writes it.
    const wave1 = p.Stages[6].Actions as { Name: string; Configuration: Record<string, string>; OutputArtifacts?: { Name: string }[] }[];
    assert.equal(wave1[0]?.Configuration.OutputFileName, 'outputs.json');
    assert.deepEqual(wave1[0]?.OutputArtifacts, [{ Name: 'out-production-shop-config-us-east-1' }]);
    const approve = p.Stages[5].Actions[0];
    assert.equal(approve.TimeoutInMinutes, 7 * 24 * 60);
    assert.deepEqual(t.Resources.RevertRule.Properties.EventPattern.detail, { pipeline: ['meridian-shop-infra'], stage: ['Approval'], action: ['Approve'], state: ['FAILED'] });
  });

  it('codepipeline: stage stacks are deleted after approval when not retained, dependents first', async () => {
    const t = JSON.parse(String((await synthesize(configOf('accounts-waves'), 'codepipeline', { bundle: false }))[0]?.content));
    const stages = t.Resources.Pipeline.Properties.Stages as { Name: string; Actions: { Name: string; RunOrder: number; RoleArn?: string; Region?: string }[] }[];
    const del = stages.find((s) => s.Name === 'DeleteStage');
    assert.deepEqual(del?.Actions.map((a) => [a.Name, a.RunOrder]), [['delete-payments-db-stage', 2], ['delete-payments-api-stage', 1]]);
    // Regions of another account are deployed through that account's role.
    const eu = stages.find((s) => s.Name === 'Wave3')?.Actions.find((a) => a.Region === 'eu-west-1');
    assert.equal(eu?.RoleArn, 'arn:aws:iam::222222222222:role/meridian-deploy');
  });

  it('a pipeline name too long for the bucket names is refused with a code', () => {
    const config = { ...configOf('shop-infra'), pipeline: 'a-very-long-pipeline-name-that-goes-on-and-on' };
    assert.throws(() => synthPlan(config), { code: 'SYNTH_NAME_TOO_LONG' });
  });

  it('notifications: a Notify task before each end the config asks for, whose failure goes on to that end', () => {
    const def = stateMachineDefinition(synthPlan(configOf('accounts-waves')));
    const notifies = Object.keys(def.States).filter((k) => k.startsWith('Notify: ')).sort();
    assert.deepEqual(notifies, [
      'Notify: drift (Approval)',
      'Notify: drift (Drift detected)',
      'Notify: failed (Deployment failed)',
      'Notify: failed (Run failed)',
      'Notify: failed (Stage failed)',
      'Notify: no-changes (No changes)',
      'Notify: rejected (Rejected)',
      'Notify: succeeded (Succeeded)',
    ]);
    for (const name of notifies) {
      const task = def.States[name] as State;
      const then = /\((.*)\)$/.exec(name)?.[1];
      assert.equal(task.Next, then, name);
      assert.deepEqual(task.Catch, [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: then }], name);
      assert.equal(task.ResultPath, null);
    }
    // Failures before the rollout are caught, the run ended by the function, announced, and
    // re-raised with their own error.
    for (const early of ['Package', 'Validate', 'Preview', 'Changes', 'Stage', 'Drift', 'Drift policy', 'Decided']) {
      assert.deepEqual((def.States[early] as State).Catch, [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Run failed: end the run' }], early);
    }
    assert.equal(def.States['Run failed: end the run']?.Next, 'Notify: failed (Run failed)');
    assert.deepEqual(def.States['Run failed'], { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' });
    // Drift is announced whatever the policy: warn goes on to the approval, block ends the run.
    assert.deepEqual((def.States['Drifted?']?.Choices as State[]).map((c) => c.Next), ['Notify: drift (Drift detected)', 'Notify: drift (Approval)']);
    // Without notifications (shop-infra) no Notify task is emitted.
    assert.equal(Object.keys(stateMachineDefinition(synthPlan(configOf('shop-infra'))).States).some((k) => k.startsWith('Notify')), false);
  });

  it('notifications in the CodePipeline form: an EventBridge rule per event, invoking the function with notify', async () => {
    const t = JSON.parse(String((await synthesize(configOf('accounts-waves'), 'codepipeline', { bundle: false }))[0]?.content)) as { Resources: Record<string, State> };
    const rules = Object.keys(t.Resources).filter((k) => /^Notify.*Rule$/.test(k)).sort();
    assert.deepEqual(rules, ['NotifyApprovalRule', 'NotifyFailedRule', 'NotifyRejectedRule', 'NotifySucceededRule']);
    const succeeded = (t.Resources.NotifySucceededRule?.Properties as State).EventPattern as State;
    assert.deepEqual(succeeded.detail, { pipeline: ['meridian-payments'], state: ['SUCCEEDED'] });
    const target = ((t.Resources.NotifySucceededRule?.Properties as State).Targets as State[])[0] as State;
    const template = String((target.InputTransformer as State).InputTemplate);
    assert.match(template, /^\{"action":"notify","kind":"succeeded","runId":<execution>,"region":"us-east-1","url":"https:\/\/us-east-1\.console\.aws\.amazon\.com\/codesuite\/codepipeline\/pipelines\/meridian-payments\/executions\/<execution>\/timeline\?region=us-east-1"\}$/);
    assert.ok(t.Resources.NotifySucceededRulePermission);
    const shop = JSON.parse(String((await synthesize(configOf('shop-infra'), 'codepipeline', { bundle: false }))[0]?.content)) as { Resources: Record<string, State> };
    assert.equal(Object.keys(shop.Resources).some((k) => k.startsWith('Notify')), false);
  });
});
