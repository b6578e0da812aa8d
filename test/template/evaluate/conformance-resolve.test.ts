// Every outside template that parses must evaluate without a crash: it resolves, or it fails
// with an EvaluationError (a located template problem), never with any other exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvaluationError, modelOf, parseTemplate, resolveParameters, resolveTemplate, type EvaluationContext } from '../../../src/template/index.js';
import { templatesUnder } from '../../helpers/template-files.js';

const ROOT = fileURLToPath(new URL('../../../../shared/conformance/templates/', import.meta.url));
const skip = existsSync(ROOT) ? false : `conformance material not found at ${ROOT}`;

/** Parameter values: defaults, and a plausible value for parameters without one. */
function contextFor(body: Record<string, unknown>): EvaluationContext {
  const model = modelOf(body);
  const { values, errors } = resolveParameters(model, {});
  for (const e of errors) {
    const p = model.parameters.get(e.parameter);
    if (p) values[p.name] = p.isList ? ['a', 'b', 'c', 'd'] : (p.allowedValues?.[0] ?? (p.kind === 'Number' || p.kind === 'List<Number>' ? '1' : 'x'));
  }
  return { region: 'us-east-1', accountId: '123456789012', stackName: 'conformance', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/conformance/1', parameters: values };
}

test('conformance templates resolve or fail with a located EvaluationError', { skip }, () => {
  let resolved = 0;
  let realWorld = 0;
  let realWorldResolved = 0;
  for (const file of templatesUnder(ROOT)) {
    const parsed = parseTemplate(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) continue;
    // Rain modules (a resource whose Type is {"Rain::Module": ...}) are CloudFormation only after
    // `rain pkg` expands them; their references into the module cannot resolve before that.
    const isRealWorld = relative(ROOT, file).startsWith('real-world') && !JSON.stringify(parsed.template.body.Resources ?? {}).includes('"Rain::Module"');
    if (isRealWorld) realWorld++;
    try {
      const out = resolveTemplate(parsed.template.body, contextFor(parsed.template.body));
      assert.ok(!JSON.stringify(out.Resources ?? {}).includes('"Fn::ForEach::'), `${file}: loops left`);
      resolved++;
      if (isRealWorld) realWorldResolved++;
    } catch (err) {
      assert.ok(err instanceof EvaluationError, `${file}: ${(err as Error).stack}`);
      assert.ok(err.path.length > 0, `${file}: error without a path`);
    }
  }
  assert.ok(resolved > 350, `only ${resolved} templates resolved`);
  // The real-world set is deployable CloudFormation: all but placeholder-parameter artefacts resolve.
  assert.ok(realWorldResolved >= realWorld - 2, `${realWorldResolved} of ${realWorld} real-world templates resolved`);
});
