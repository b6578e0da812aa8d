// Masking NoEcho literals of meridian.yaml in place, and M0002 at their lines: every form a literal
// takes (plain, quoted, a number, a list, a block scalar, per region, stage.parameters), while
// `{ env }`, `{ ssm }` and parameters that are not NoEcho stay as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/pipeline/index.js';
import { maskValues } from '../../../src/pipeline/config/mask-secrets.js';
import { clearSecretFindings, clearSecrets } from '../../../src/validate/index.js';
import { parseDocument } from '../../../src/template/index.js';

const TEXT = `pipeline: shop
regions: { primary: us-east-1, secondaries: [eu-west-1] }
stacks:
  - name: db
    template: db.yaml
    parameters:
      Password: plain-secret-1
      Token: "quoted secret 2"
      Pin: 4242
      Region: us-east-1
      FromEnv: { env: DB_PASSWORD }
    secondaryParameters:
      Password: [list, secret-3]
    regionParameters:
      eu-west-1:
        Password: |
          block secret 4
          second line
        Token: { ssm: { name: /db/token } }
  - name: app
    template: app.yaml
stage:
  parameters: { Token: stage-secret-5 }
`;
const NO_ECHO = [new Set(['Password', 'Token', 'Pin', 'FromEnv']), new Set<string>()];
const SECRETS = ['plain-secret-1', 'quoted secret 2', '4242', 'secret-3', 'block secret 4', 'second line', 'stage-secret-5'];

function masked(): string {
  const doc = parseDocument(TEXT, 'meridian.yaml');
  assert.ok(doc.ok);
  return maskValues(TEXT, 'meridian.yaml', clearSecrets(doc.value, (i) => NO_ECHO[i]).map((s) => s.path));
}

test('every NoEcho literal is masked; lines, references and other values stay', () => {
  const out = masked();
  for (const s of SECRETS) assert.equal(out.includes(s), false, `${s} is still there:\n${out}`);
  assert.equal(out.split('\n').length, TEXT.split('\n').length, 'line for line');
  const config = parseConfig(out, 'meridian.yaml');
  const db = config.stacks[0];
  assert.deepEqual(db?.parameters, { Password: '****', Token: '****', Pin: '****', Region: 'us-east-1', FromEnv: { env: 'DB_PASSWORD' } });
  assert.deepEqual(db?.secondaryParameters, { Password: '****' });
  assert.deepEqual(db?.regionParameters['eu-west-1'], { Password: '****', Token: { ssm: { name: '/db/token' } } });
  assert.deepEqual(config.stage.parameters, { Token: '****' });
});

test('M0002 reports each clear value at its line, with its stack and parameter; ignore turns it off', () => {
  const findings = clearSecretFindings('meridian.yaml', TEXT, (i) => NO_ECHO[i]);
  assert.deepEqual(
    findings.map((f) => [f.line, f.column, f.ruleId, f.severity, f.message.split(',')[0]]),
    [
      [7, 7, 'M0002', 'warning', 'Parameter Password of stack db is NoEcho'],
      [8, 7, 'M0002', 'warning', 'Parameter Token of stack db is NoEcho'],
      [9, 7, 'M0002', 'warning', 'Parameter Pin of stack db is NoEcho'],
      [13, 7, 'M0002', 'warning', 'Parameter Password of stack db is NoEcho'],
      [16, 9, 'M0002', 'warning', 'Parameter Password of stack db is NoEcho'],
      [23, 17, 'M0002', 'warning', 'Parameter Token of stack db is NoEcho'],
    ],
  );
  assert.match(findings[0]?.message ?? '', /written in clear in meridian\.yaml .*read it from the environment \(\{ env: NAME \}\) or SSM/);
  assert.deepEqual(clearSecretFindings('meridian.yaml', TEXT, (i) => NO_ECHO[i], { ignore: ['M0002'] }), []);
  assert.equal(clearSecretFindings('meridian.yaml', TEXT, (i) => NO_ECHO[i], { severity: { M0002: 'error' } })[0]?.severity, 'error');
  // The masked copy still points at the same lines (the Validate stage reads the run's masked checkout).
  assert.deepEqual(clearSecretFindings('meridian.yaml', masked(), (i) => NO_ECHO[i]).map((f) => f.line), findings.map((f) => f.line));
});
