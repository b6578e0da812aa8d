// `meridian template resolve FILE --region R [--param K=V ...]`: the template as CloudFormation
// would see it for one stack, conditions and intrinsics evaluated as far as the inputs allow.
// Library code is imported inside the action, so other commands do not load it.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';
import type { TemplateDiagnostic } from '../../template/index.js';

interface ResolveFlags {
  region: string;
  param: string[];
  ssm: string[];
  account: string;
  stackName?: string;
  format: 'yaml' | 'json';
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parsePairs(flag: string, pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects KEY=VALUE, got '${pair}'`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** A template file's text; an unreadable file is the user's problem to fix (exit 2). */
// Read synchronously: node:fs/promises costs every CLI start ~3 ms to load, for one small file.
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * Reports a template's problems and returns the usage exit code: under JSON as one error document
 * (thrown for main to print), else one line each on stderr.
 */
export async function refuseTemplate(diagnostics: TemplateDiagnostic[], json: boolean): Promise<number> {
  const api = await import('../../template/index.js');
  if (json) throw new api.TemplateError(diagnostics);
  for (const d of diagnostics) process.stderr.write(`${api.formatDiagnostic(d)}\n`);
  return EXIT.usage;
}

/** Runs `template resolve`; returns the exit code. */
async function resolveAction(file: string, flags: ResolveFlags): Promise<number> {
  const given = parsePairs('--param', flags.param);
  const ssm = parsePairs('--ssm', flags.ssm);
  if (!/^\d{12}$/.test(flags.account)) throw new UsageError(`--account expects a 12-digit account id, got '${flags.account}'`);
  const api = await import('../../template/index.js');
  const json = flags.json === true || flags.format === 'json';
  const refuse = (diagnostics: TemplateDiagnostic[]) => refuseTemplate(diagnostics, json);
  const parsed = api.parseTemplate(readText(file), file);
  if (!parsed.ok) return refuse(parsed.diagnostics);
  const { body, sourceMap } = parsed.template;
  const problems: TemplateDiagnostic[] = [];
  const report = (path: readonly (string | number)[], code: string, message: string) => problems.push({ code, message, file, range: sourceMap.locate(path), path: [...path] });
  const warn = (path: readonly (string | number)[], code: string, message: string) => {
    const { line, column } = sourceMap.locate(path).start;
    process.stderr.write(`${file}:${line}:${column}: ${code} ${message}\n`);
  };

  // Without --ssm values, SSM-typed parameters stay unresolved references.
  const resolveSsm = flags.ssm.length > 0 ? (name: string) => (Object.hasOwn(ssm, name) ? ssm[name] : undefined) : undefined;
  const parameters = api.resolveParameters(api.modelOf(body), given, resolveSsm ? { resolveSsm } : {});
  for (const e of parameters.errors) report(['Parameters', e.parameter], e.code, e.message);
  if (problems.length > 0) return refuse(problems);

  const stackName = flags.stackName ?? 'meridian-stack';
  const partition = api.partitionOf(flags.region);
  const ctx = {
    region: flags.region,
    accountId: flags.account,
    stackName,
    // A fixed id keeps the output the same from run to run; a real stack id ends in a UUID.
    stackId: `arn:${partition}:cloudformation:${flags.region}:${flags.account}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
    parameters: parameters.values,
  };
  let resolved: Record<string, unknown>;
  try {
    // CloudFormation checks Rules before anything else; lookups into the account cannot be done here.
    const rules = api.evaluateRules(api.modelOf(body), ctx);
    for (const u of rules.unchecked) warn(u.path, 'RULE_UNCHECKED', `warning: rule ${u.rule} needs values only AWS knows (Fn::ValueOf, Fn::RefAll...); not checked`);
    for (const f of rules.failures) report(f.path, f.code, f.message);
    if (problems.length > 0) return refuse(problems);
    // Report every bad attribute, not only the first.
    const errors: InstanceType<typeof api.EvaluationError>[] = [];
    resolved = api.resolveTemplate(body, ctx, { maskNoEcho: true, onError: (err) => errors.push(err) });
    for (const err of errors) report(err.path, err.code, err.message);
    if (problems.length > 0) return refuse(problems);
  } catch (err) {
    if (!(err instanceof api.EvaluationError)) throw err;
    report(err.path, err.code, err.message);
    return refuse(problems);
  }
  process.stdout.write(json ? `${JSON.stringify(resolved, null, 2)}\n` : await toYaml(resolved));
  return EXIT.ok;
}

/** YAML the way templates are written: placeholders as short tags (`!GetAtt Bucket.Arn`). */
async function toYaml(value: unknown): Promise<string> {
  const { Document, Scalar, isNode, isScalar, isSeq, visit } = await import('yaml');
  // YAML 1.1 quoting: CloudFormation reads yes/no/on/off and dates the 1.1 way.
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  visit(doc, {
    Map(_, node) {
      const pair = node.items.length === 1 ? node.items[0] : undefined;
      const key = pair && isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' || !(key === 'Ref' || key.startsWith('Fn::')) || !isNode(pair?.value)) return undefined;
      const name = key === 'Ref' ? 'Ref' : key.slice('Fn::'.length);
      let inner = pair.value;
      if (name === 'GetAtt' && isSeq(inner) && inner.items.length === 2 && inner.items.every(isScalar)) {
        inner = new Scalar(inner.items.map((item) => String(item.value)).join('.'));
      }
      inner.tag = `!${name}`;
      return inner;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Registers `resolve` under the `template` command. */
export function registerTemplateResolve(template: Command, setExit: (code: number) => void): void {
  template
    .command('resolve')
    .description('The template with conditions and intrinsic functions evaluated as far as the inputs allow; unknown resource attributes stay as placeholders')
    .argument('<file>', 'template file (YAML or JSON)')
    .requiredOption('--region <region>', 'region the stack is deployed to (also sets the partition)')
    .option('--param <key=value>', 'parameter value; repeat for several; list values are comma-separated', collect, [])
    .option('--ssm <name=value>', 'value of an SSM parameter, for AWS::SSM::Parameter::Value<...> parameters; repeat for several', collect, [])
    .option('--account <id>', 'account id for AWS::AccountId', '123456789012')
    .option('--stack-name <name>', 'stack name for AWS::StackName (default: meridian-stack)')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--json', 'the same as --format json (a failure prints { error: { code, message, file, line, column } })')
    .action(async (file: string, flags: ResolveFlags) => {
      setExit(await resolveAction(file, flags));
    });
}
