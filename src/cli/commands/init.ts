// `meridian init`: a commented meridian.yaml (a primary and two secondary regions) and a small
// template that deploys as it is, on localcloud too: `git init && meridian init && git add -A &&
// git commit -m init && meridian run` works.
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';

export function starterConfig(pipeline: string, branch = 'main'): string {
  return `# Meridian pipeline: every commit on the branch runs Source -> Package -> Validate -> Preview ->
# Stage -> Drift -> Approve -> Deploy (primary first, then the secondaries) -> Record.
pipeline: ${pipeline}                 # names the artifact buckets, stage stacks and SSM records
cloud: local                       # local: the embedded localcloud; aws: your AWS credentials; or an endpoint URL
source: { branch: ${branch} }${' '.repeat(Math.max(1, 17 - branch.length))}# the branch whose commits are deployed
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

/**
 * The branch meridian.yaml should name: the one the repository is on, which `git init` calls
 * master or main (init.defaultBranch) and which exists before the first commit as HEAD's target.
 */
export function branchFor(dir: string): { branch: string; note: string } {
  // node:child_process is loaded only when init runs, not on every CLI start.
  const { execFileSync } = createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let branch: string;
  try {
    branch = git('symbolic-ref', '--short', '-q', 'HEAD');
  } catch {
    const repo = (() => {
      try {
        return git('rev-parse', '--git-dir') !== '';
      } catch {
        return false;
      }
    })();
    return { branch: 'main', note: repo ? 'HEAD is detached, so source.branch is main; change it to the branch to deploy' : 'not a git repository yet, so source.branch is main; run `git init -b main` here' };
  }
  try {
    git('rev-parse', '--verify', '-q', 'HEAD');
    return { branch, note: `source.branch is ${branch}, the current branch` };
  } catch {
    return { branch, note: `no commits yet: source.branch is ${branch}, the branch your first commit will be on` };
  }
}

export function registerInitCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('Write a commented meridian.yaml and a starter template into a repository')
    .option('--dir <dir>', 'the repository', '.')
    .option('--pipeline <name>', 'pipeline name (default: from the folder name)')
    .option('--force', 'overwrite existing files')
    .option('--json', 'print what was written as JSON')
    .action((flags: { dir: string; pipeline?: string; force?: boolean; json?: boolean }) => {
      const dir = resolve(flags.dir);
      const name = (flags.pipeline ?? basename(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'my-infra';
      const { branch, note } = branchFor(dir);
      const files: [string, string][] = [
        ['meridian.yaml', starterConfig(name, branch)],
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
      if (flags.json) process.stdout.write(`${JSON.stringify({ pipeline: name, branch, files: [...files.map(([f]) => f), '.gitignore'] }, null, 2)}\n`);
      else process.stdout.write(`Wrote meridian.yaml and templates/app.yaml for pipeline ${name} (${note}).\nNext: git add -A && git commit -m "meridian" && meridian run\n`);
      setExit(EXIT.ok);
    });
}
