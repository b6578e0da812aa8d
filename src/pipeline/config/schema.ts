// The meridian.yaml contract (docs/architecture.md "meridian.yaml"): key names are public, add keys, rename none.
import { z } from 'zod';
import { parseDuration } from './durations.js';
import { didYouMean } from './suggest.js';

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const region = z.string().regex(REGION, 'must be an AWS region name such as us-east-1');
const duration = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const ms = typeof v === 'number' ? v * 1000 : parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `'${v}' is not a duration (use e.g. 30s, 5m, 7d)` });
      return z.NEVER;
    }
    return ms;
  });
const roleArn = z.string().regex(/^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, 'must be an IAM role ARN such as arn:aws:iam::111111111111:role/cfn-exec');
const stackName = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name (letters, digits, hyphens; starts with a letter)');

/** A value taken from another stack's output, possibly in another region (`primary` = the primary region). */
const outputRef = z.strictObject({
  output: z.strictObject({ stack: stackName, region: z.string().optional(), name: z.string().min(1) }),
});
/** A value read from an SSM parameter, possibly in another region. */
const ssmRef = z.strictObject({ ssm: z.strictObject({ name: z.string().min(1), region: z.string().optional() }) });
/** A value read from the environment of the Meridian process (kept out of meridian.yaml, e.g. secrets). */
const envRef = z.strictObject({ env: z.string().min(1) });
const literal = z.union([z.string(), z.number(), z.boolean()]).transform(String);
export const parameterValueSchema = z.union([literal, outputRef, ssmRef, envRef, z.array(literal).transform((l) => l.join(','))]);

const parameters = z.record(z.string(), parameterValueSchema);

const stackSchema = z.strictObject({
  name: stackName,
  template: z.string().min(1),
  dependsOn: z.array(stackName).default([]),
  capabilities: z.array(z.enum(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'])).default([]),
  tags: z.record(z.string(), literal).default({}),
  parameters: parameters.default({}),
  secondaryParameters: parameters.default({}),
  regionParameters: z.record(z.string(), parameters).default({}),
  /** Regions this stack is deployed to; default: every region of the pipeline. */
  regions: z.array(z.string()).optional(),
  /** EnableTerminationProtection of the production stacks; left as it is when not given. */
  terminationProtection: z.boolean().optional(),
  /** The CloudFormation service role (RoleARN): one ARN, or one per account (a key of `accounts:`). */
  roleArn: z.union([roleArn, z.record(z.string(), roleArn)]).optional(),
  /** A stack policy file in the repository, set on the stack before each update (SetStackPolicy). */
  stackPolicy: z.string().min(1).optional(),
  /** SNS topics for the stack's events (NotificationARNs); `[]` removes them, absent leaves them. */
  notificationArns: z.array(z.string().regex(/^arn:[\w-]+:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'must be an SNS topic ARN such as arn:aws:sns:us-east-1:111111111111:ops')).max(5, 'CloudFormation takes at most 5 notification topics').optional(),
  /** CloudFormation's RollbackConfiguration: alarms (names or ARNs) that roll an update back while it runs or during monitoringTime after it. */
  rollbackTriggers: z
    .strictObject({
      alarms: z.array(z.string().min(1)).max(5, 'CloudFormation takes at most 5 rollback triggers'),
      monitoringTime: duration.default(0).refine((ms) => ms % 60_000 === 0 && ms <= 180 * 60_000, 'must be whole minutes, at most 180m'),
    })
    .optional(),
});

const tolerance = z.union([
  z.number().int().min(0),
  z.string().regex(/^\d{1,3}%$/, "must be a count or a percentage such as '25%'"),
]);

/** A wave with its own settings (kept independent: StackSets couples concurrency and tolerance; Meridian does not). */
const waveObject = z.strictObject({
  regions: z.array(region).min(1),
  maxConcurrent: z.number().int().min(1).optional(),
  failureTolerance: tolerance.optional(),
});

type WaveInput = string[] | z.output<typeof waveObject>;
/** A wave's own settings; `form: 'object'` when it was written as `{ regions, ... }` (error paths differ). */
export interface WaveSettings {
  form?: 'object';
  maxConcurrent?: number;
  failureTolerance?: number | string;
}
/** The regions of a configured wave, whichever form it takes. */
const waveRegions = (wave: WaveInput): string[] => (Array.isArray(wave) ? wave : wave.regions);
const omitRegions = ({ regions: _regions, ...settings }: z.output<typeof waveObject>) => settings;

const notificationEvent = z.enum(['approval', 'failed', 'succeeded', 'drift', 'rejected', 'no-changes']);

export const configSchema = z.strictObject({
  /** Where to deploy: `aws` (standard credential chain), `local` (the embedded localcloud), or an endpoint URL (LocalStack). */
  cloud: z
    .string()
    .superRefine((v, ctx) => {
      if (v === 'aws' || v === 'local' || /^https?:\/\/[^\s/]+/.test(v)) return;
      ctx.addIssue({ code: 'custom', message: `must be aws, local or an endpoint URL such as http://localhost:4566, not '${v}'${didYouMean(v, ['aws', 'local'])}` });
    })
    .default('aws'),
  /** Region names are checked against the regions Meridian knows; true lets one newer than Meridian through. */
  allowUnknownRegions: z.boolean().default(false),
  pipeline: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and hyphens (it names buckets and stacks), at most 40 characters'),
  source: z
    .strictObject({
      branch: z.string().min(1).default('main'),
      repo: z.string().optional(),
      /** The web page of a commit, `{sha}` replaced (the dashboard links to it); default: derived from a web `repo`. */
      commitUrl: z.string().regex(/^https?:\/\/\S+$/, 'must be a web address such as https://github.com/acme/shop-infra/commit/{sha}').optional(),
    })
    .default({ branch: 'main' }),
  accounts: z
    .record(z.string(), z.strictObject({ id: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'), role: z.string().optional(), regions: z.array(region).optional() }))
    .default({}),
  regions: z.strictObject({ primary: region, secondaries: z.array(region).default([]) }),
  stacks: z.array(stackSchema).min(1, 'at least one stack is needed'),
  stage: z
    .strictObject({
      retain: z.boolean().default(false),
      suffix: z.string().default('-stage'),
      /** Values for the stage stacks only, over each stack's own (a stack whose template does not declare one leaves it out). */
      parameters: parameters.default({}),
      /** Where the stage stacks deploy; default: the primary region. */
      region: region.optional(),
      /** The account (a key of `accounts:`) the stage stacks deploy to; default: the stage region's account. */
      account: z.string().optional(),
    })
    .default({ retain: false, suffix: '-stage', parameters: {} }),
  validation: z
    .strictObject({
      failOn: z.enum(['error', 'warning', 'never']).default('error'),
      ignore: z.array(z.string()).default([]),
      ignorePaths: z.array(z.string()).default([]),
      severity: z.record(z.string(), z.enum(['error', 'warning', 'info'])).default({}),
      regions: z.array(region).optional(),
      /** Rule ids or prefixes to turn on even at info level (cfn-lint's include_checks). */
      include: z.array(z.string()).default([]),
      /** A folder of policy-as-code rule modules, relative to the repository. */
      rulesDir: z.string().optional(),
      /** CloudFormation Guard rule files, used where a cfn-guard binary is found. */
      guardRules: z.string().optional(),
      /** Which engines check the templates: Meridian's rules, and the reference tools where installed. */
      engines: z.array(z.enum(['meridian', 'cfn-lint', 'cfn_nag'])).min(1).optional(),
      /**
       * The Validate stage asks the cloud whether fixed names (S3 buckets, SSM parameters) are taken by
       * something else (M1004): read-only calls, on by default, since such a create fails only in production.
       */
      checkExistingNames: z.boolean().default(true),
    })
    .default({ failOn: 'error', ignore: [], ignorePaths: [], severity: {}, include: [], checkExistingNames: true }),
  drift: z
    .strictObject({
      onDrift: z.enum(['block', 'warn']).default('block'),
      /** false: no Drift stage (an endpoint without drift detection, or a team that checks elsewhere). */
      enabled: z.boolean().default(true),
      /** With onDrift block, resources that could not be checked (NOT_CHECKED) block too. */
      requireChecked: z.boolean().default(false),
    })
    .default({ onDrift: 'block', enabled: true, requireChecked: false }),
  approval: z
    .strictObject({
      required: z.boolean().default(true),
      timeout: duration.default(7 * 86_400_000),
      approvers: z.array(z.string()).default([]),
      allowSelfApproval: z.boolean().default(false),
      /** false: `meridian approve/reject` on the local store are refused; decisions go through the server (a token proves who). */
      cli: z.boolean().default(true),
      /** `git`: a CLI approver is the committer identity git uses in the repository; `any`: whatever `--as` says. */
      cliIdentity: z.enum(['git', 'any']).default('git'),
    })
    .default({ required: true, timeout: 7 * 86_400_000, approvers: [], allowSelfApproval: false, cli: true, cliIdentity: 'git' }),
  rollout: z
    .strictObject({
      /** Each wave: a list of regions, or `{ regions, maxConcurrent?, failureTolerance? }` to override the defaults below. */
      waves: z.array(z.union([z.array(region).min(1), waveObject])).optional(),
      maxConcurrent: z.number().int().min(1).default(1),
      failureTolerance: tolerance.default(0),
      onFailure: z.enum(['stop', 'rollback']).default('stop'),
      retries: z.strictObject({ attempts: z.number().int().min(1).max(10).default(3), backoff: duration.default(2000) }).default({ attempts: 3, backoff: 2000 }),
      /** Requests per second (and burst) per account x region, shared by every concurrent deploy of a run. */
      requestBudget: z.strictObject({ rate: z.number().positive().default(40), burst: z.number().int().min(1).default(80) }).default({ rate: 40, burst: 80 }),
      /** After each wave but the last: wait `duration` while watching `alarms` (names or ARNs) in the wave's regions; one in ALARM fails the wave. */
      bake: z
        .strictObject({
          duration: duration,
          alarms: z.array(z.string().min(1)).default([]),
          /** How often the alarms are read during the bake. */
          pollInterval: duration.default(60_000).refine((ms) => ms >= 1000, 'must be at least 1s'),
        })
        .optional(),
    })
    // `waves` stays a list of region lists for every reader; a wave's own settings move to `waveSettings`.
    .transform(({ waves, ...rest }) => ({
      ...rest,
      ...(waves ? { waves: waves.map(waveRegions), waveSettings: waves.map((w): WaveSettings => (Array.isArray(w) ? {} : { form: 'object', ...omitRegions(w) })) } : {}),
    }))
    .default({ maxConcurrent: 1, failureTolerance: 0, onFailure: 'stop', retries: { attempts: 3, backoff: 2000 }, requestBudget: { rate: 40, burst: 80 } }),
  notifications: z.array(z.strictObject({ webhook: z.string().url(), on: z.array(notificationEvent).min(1), format: z.enum(['json', 'slack']).default('json') })).default([]),
  server: z
    .strictObject({
      pollInterval: duration.default(60_000),
      webhookSecret: envRef.optional(),
      /** `meridian serve` starts a run when a new version of this object appears (a replication-fed pipeline). */
      s3Trigger: z
        .strictObject({
          object: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/, 'must look like s3://bucket/key'),
          region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as us-east-1').default('us-east-1'),
        })
        .optional(),
    })
    .default({ pollInterval: 60_000 }),
});

/** A validated meridian.yaml, with defaults filled in and durations in milliseconds. */
export type PipelineConfig = z.output<typeof configSchema>;
export type StackConfig = PipelineConfig['stacks'][number];
export type ParameterValue = z.output<typeof parameterValueSchema>;

