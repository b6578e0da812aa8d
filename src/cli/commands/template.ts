// `meridian template ...`: look inside one template (deployment order, resolved values).
// Library code is imported inside the actions, so `meridian --help` does not load it.
import { Option, type Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { readText, refuseTemplate, registerTemplateResolve } from './template-resolve.js';
import type { TemplateDiagnostic } from '../../template/index.js';

type GraphFormat = 'text' | 'dot' | 'json';

/** cfn-lint's ids for references to names a template does not define. */
const UNDEFINED_CODES = { DependsOn: 'E3005', Ref: 'E1020', GetAtt: 'E1010', Sub: 'E1019' } as const;


/** Runs `template graph`; returns the exit code. */
async function graphAction(file: string, format: GraphFormat): Promise<number> {
  const api = await import('../../template/index.js');
  const refuse = (diagnostics: TemplateDiagnostic[]) => refuseTemplate(diagnostics, format === 'json');
  const parsed = api.parseTemplate(readText(file), file);
  if (!parsed.ok) return refuse(parsed.diagnostics);
  const { sourceMap } = parsed.template;
  let body = parsed.template.body;
  // Fn::ForEach loops create the resources the graph is about: expand them first (defaults for parameters).
  if (api.usesLanguageExtensions(body)) {
    try {
      body = api.expandLanguageExtensions(body);
    } catch (err) {
      if (!(err instanceof api.EvaluationError)) throw err;
      return refuse([api.evaluationDiagnostic(err, file, sourceMap)]);
    }
  }
  const graph = api.dependencyGraph(body);
  const model = api.modelOf(body);
  const types = new Map([...model.resources].map(([id, r]) => [id, r.type]));
  process.stdout.write(api.renderGraph(format, { graph, types, name: file, sourceMap }));

  const problems: string[] = [];
  const report = (code: string, path: readonly (string | number)[], message: string) => {
    const { line, column } = sourceMap.locate(path).start;
    problems.push(`${file}:${line}:${column}: ${code} ${message}`);
  };
  for (const cycle of graph.cycles) {
    const [first, second] = cycle;
    const edge = graph.edges.find((e) => e.from === first && e.to === second);
    report('E3004', edge?.path ?? ['Resources', first ?? ''], `Circular Dependencies for resource ${first}: ${cycle.join(' -> ')}`);
  }
  // A transform (SAM and friends) creates resources the template text does not show.
  if (model.transforms.length === 0) {
    for (const u of graph.undefinedReferences) {
      report(UNDEFINED_CODES[u.kind], u.path, `${u.kind} to ${u.name} in ${u.from}: no resource${u.kind === 'Ref' || u.kind === 'Sub' ? ', parameter or pseudo parameter' : ''} has that name`);
    }
  }
  for (const p of problems) process.stderr.write(`${p}\n`);
  return problems.length > 0 ? EXIT.usage : EXIT.ok;
}

/** Registers `meridian template` and its subcommands. */
export function registerTemplateCommands(program: Command, setExit: (code: number) => void): void {
  const template = program.command('template').description('Inspect a CloudFormation template (graph, resolve)');
  template
    .command('graph')
    .description('Deployment order of the resources (levels that can be created together); cycles with their path')
    .argument('<file>', 'template file (YAML or JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'dot', 'json']).default('text'))
    .option('--json', 'the same as --format json (cycles are in the document; a template that cannot be read prints { error: ... })')
    .action(async (file: string, options: { format: GraphFormat; json?: boolean }) => {
      setExit(await graphAction(file, options.json ? 'json' : options.format));
    });
  registerTemplateResolve(template, setExit);
}
