// Parameter values for one deployment: given values or defaults, coerced to their declared
// type and checked against their constraints with CloudFormation's messages.
import type { ParameterModel, TemplateModel } from '../model.js';

export type ParameterErrorCode =
  | 'PARAMETER_MISSING'
  | 'PARAMETER_UNKNOWN'
  | 'PARAMETER_NOT_NUMBER'
  | 'PARAMETER_NOT_ALLOWED'
  | 'PARAMETER_PATTERN'
  | 'PARAMETER_BAD_PATTERN'
  | 'PARAMETER_MIN_LENGTH'
  | 'PARAMETER_MAX_LENGTH'
  | 'PARAMETER_MIN_VALUE'
  | 'PARAMETER_MAX_VALUE'
  | 'PARAMETER_SSM_NOT_FOUND';

export interface ParameterError {
  parameter: string;
  code: ParameterErrorCode;
  message: string;
}

export interface ResolveParametersOptions {
  /** Value of an SSM parameter for AWS::SSM::Parameter::Value<...> types; undefined = it does not exist. */
  resolveSsm?(name: string): string | undefined;
}

export interface ParameterResolution {
  /** Values by parameter name: lists for list types. Parameters in `errors` have none. */
  values: Record<string, string | string[]>;
  errors: ParameterError[];
  /** NoEcho parameters, whose values callers mask ('****') when they show them. */
  noEcho: string[];
}

/** CloudFormation splits list values on commas and trims each member. */
const splitList = (value: string) => value.split(',').map((item) => item.trim());
const isNumber = (value: string) => value.trim() !== '' && Number.isFinite(Number(value));

type Check = { code: ParameterErrorCode; message: string } | undefined;

function checkMember(p: ParameterModel, value: string, numeric: boolean): Check {
  const fail = (code: ParameterErrorCode, plain: string): Check => ({
    code,
    message: p.constraintDescription !== undefined ? `Parameter '${p.name}' failed to satisfy constraint: ${p.constraintDescription}` : `Parameter '${p.name}' ${plain}`,
  });
  if (numeric && !isNumber(value)) return { code: 'PARAMETER_NOT_NUMBER', message: `Parameter '${p.name}' must be a number` };
  if (p.allowedValues && !p.allowedValues.some((allowed) => allowed === value || (numeric && Number(allowed) === Number(value)))) {
    return fail('PARAMETER_NOT_ALLOWED', 'must be one of AllowedValues');
  }
  if (p.allowedPattern !== undefined) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${p.allowedPattern})$`);
    } catch {
      return { code: 'PARAMETER_BAD_PATTERN', message: `Parameter '${p.name}' has an AllowedPattern that is not a valid regular expression: ${p.allowedPattern}` };
    }
    if (!pattern.test(value)) return fail('PARAMETER_PATTERN', `must match pattern ${p.allowedPattern}`);
  }
  if (!numeric && p.minLength !== undefined && value.length < p.minLength) return fail('PARAMETER_MIN_LENGTH', `must contain at least ${p.minLength} characters`);
  if (!numeric && p.maxLength !== undefined && value.length > p.maxLength) return fail('PARAMETER_MAX_LENGTH', `must contain at most ${p.maxLength} characters`);
  if (numeric && p.minValue !== undefined && Number(value) < p.minValue) return fail('PARAMETER_MIN_VALUE', `must be a number not less than ${p.minValue}`);
  if (numeric && p.maxValue !== undefined && Number(value) > p.maxValue) return fail('PARAMETER_MAX_VALUE', `must be a number not greater than ${p.maxValue}`);
  return undefined;
}

type Outcome = { value: string | string[] } | { error: { code: ParameterErrorCode; message: string } } | { skip: true };

function resolveOne(p: ParameterModel, raw: string, options: ResolveParametersOptions): Outcome {
  // SSM types: constraints apply to the parameter's name, the value comes from Parameter Store.
  const numeric = p.kind === 'Number' || p.kind === 'List<Number>';
  const members = p.kind === 'SSM' ? [raw] : p.isList ? splitList(raw) : [raw];
  for (const member of members) {
    const problem = checkMember(p, member, numeric);
    if (problem) return { error: problem };
  }
  if (p.kind !== 'SSM') return { value: p.isList ? members : raw };
  if (!options.resolveSsm) return { skip: true };
  const stored = options.resolveSsm(raw);
  if (stored === undefined) {
    return { error: { code: 'PARAMETER_SSM_NOT_FOUND', message: `Unable to fetch parameters [${raw}] from parameter store for this account.` } };
  }
  return { value: p.isList ? splitList(stored) : stored };
}

/**
 * Values of the template's parameters from `given` and defaults. Without `resolveSsm`, SSM-typed
 * parameters get no value (references to them stay unresolved) and no error.
 */
export function resolveParameters(model: TemplateModel, given: Record<string, string>, options: ResolveParametersOptions = {}): ParameterResolution {
  const result: ParameterResolution = { values: {}, errors: [], noEcho: [] };
  for (const name of Object.keys(given)) {
    if (!model.parameters.has(name)) {
      result.errors.push({ parameter: name, code: 'PARAMETER_UNKNOWN', message: `Parameters: [${name}] do not exist in the template` });
    }
  }
  for (const p of model.parameters.values()) {
    if (p.noEcho) result.noEcho.push(p.name);
    const raw = Object.hasOwn(given, p.name) ? given[p.name] : p.default;
    if (raw === undefined) {
      result.errors.push({ parameter: p.name, code: 'PARAMETER_MISSING', message: `Parameters: [${p.name}] must have values` });
      continue;
    }
    const outcome = resolveOne(p, raw, options);
    if ('value' in outcome) result.values[p.name] = outcome.value;
    else if ('error' in outcome) result.errors.push({ parameter: p.name, ...outcome.error });
  }
  return result;
}
