// `meridian init`: a commented meridian.yaml (a primary and two secondary regions) and a small
// template that deploys as it is, on localcloud too: `git init && meridian init && git add -A &&
// git commit -m init && meridian run` works.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';

export function starterConfig(pipeline: string): string {
  return `# Meridian pipeline: every commit on the branch runs Source -> Package -> Validate -> Preview ->
# Stage -> Drift -> Approve -> Deploy (primary first, then the secondaries) -> Record.
pipeline: ${pipeline}                 # names the artifact buckets, stage stacks and SSM records
cloud: local                       # local: the embedded localcloud; aws: your AWS credentials; or an endpoint URL
source: { branch: main }
regions:
  primary: us-east-1
  secondaries: [us-west-2, eu-west-1]
stacks:
  - name: ${pipeline}-app
    template: templates/app.yaml
    parameters:
      Environment: production
    regionParameters:
      eu-west-1: { Environment: production-eu }
stage: { retain: true }            # keep <stack>-stage in the primary region after approval (false: delete it)
validation: { failOn: error }      # error | warning | never
drift: { onDrift: block }          # block | warn
approval:
  required: true
  timeout: 7d
  approvers: []                    # empty: anyone except the commit's author
  allowSelfApproval: false
rollout:
  maxConcurrent: 1
  failureTolerance: 0
`;
}

export const STARTER_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Description: A starter stack - an encrypted queue and a configuration parameter.
Parameters:
  Environment:
    Type: String
    Default: production
Resources:
  WorkQueue:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/aws/sqs
  Settings:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub /\${AWS::StackName}/settings
      Type: String
      Value: !Sub "environment=\${Environment};queue=\${WorkQueue.QueueName}"
Outputs:
  QueueUrl:
    Value: !Ref WorkQueue
`;

export function registerInitCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('Write a commented meridian.yaml and a starter template into a repository')
    .option('--dir <dir>', 'the repository', '.')
    .option('--pipeline <name>', 'pipeline name (default: from the folder name)')
    .option('--force', 'overwrite existing files')
    .action((flags: { dir: string; pipeline?: string; force?: boolean }) => {
      const dir = resolve(flags.dir);
      const name = (flags.pipeline ?? basename(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'my-infra';
      const files: [string, string][] = [
        ['meridian.yaml', starterConfig(name)],
        ['templates/app.yaml', STARTER_TEMPLATE],
      ];
      const clash = files.map(([f]) => f).filter((f) => existsSync(join(dir, f)));
      if (clash.length > 0 && !flags.force) throw new UsageError(`${clash.join(', ')} already exist${clash.length === 1 ? 's' : ''} in ${dir}; use --force to overwrite`);
      for (const [file, text] of files) {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      const ignore = join(dir, '.gitignore');
      if (!existsSync(ignore)) writeFileSync(ignore, '.meridian/\n');
      process.stdout.write(`Wrote meridian.yaml and templates/app.yaml for pipeline ${name}.\nNext: git add -A && git commit -m "meridian" && meridian run\n`);
      setExit(EXIT.ok);
    });
}
