// A typed view of a template body. Built leniently: a section of the wrong shape is left out
// here and reported by the validator (E1001 and friends), so every consumer can rely on the types.

export type ParameterKind =
  | 'String'
  | 'Number'
  | 'List<Number>'
  | 'CommaDelimitedList'
  /** AWS-specific types such as AWS::EC2::VPC::Id; List<AWS::...> is a list kind. */
  | 'AWS'
  | 'List<AWS>'
  /** AWS::SSM::Parameter::Value<...>: the value names an SSM parameter whose value is used. */
  | 'SSM'
  | 'Unknown';

export interface ParameterModel {
  name: string;
  /** The declared Type, as written. */
  type: string;
  kind: ParameterKind;
  /** For SSM types: the type inside Value<...>, e.g. String, List<String>, AWS::EC2::Image::Id. */
  ssmValueType?: string;
  /** True when the resolved value is a list (List<...>, CommaDelimitedList, SSM Value<List<...>>). */
  isList: boolean;
  default?: string;
  allowedValues?: string[];
  allowedPattern?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  noEcho: boolean;
  description?: string;
  constraintDescription?: string;
}

export interface ResourceModel {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  dependsOn: string[];
  condition?: string;
  deletionPolicy?: unknown;
  updateReplacePolicy?: unknown;
  metadata?: Record<string, unknown>;
  creationPolicy?: unknown;
  updatePolicy?: unknown;
}

export interface OutputModel {
  name: string;
  value: unknown;
  description?: unknown;
  /** Export.Name, possibly an intrinsic. */
  exportName?: unknown;
  condition?: string;
}

export interface TemplateModel {
  formatVersion?: string;
  description?: string;
  /** Transform names (a string or a list of strings/objects in the template). */
  transforms: string[];
  parameters: Map<string, ParameterModel>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  conditions: Record<string, unknown>;
  resources: Map<string, ResourceModel>;
  outputs: Map<string, OutputModel>;
  rules: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Pseudo parameters CloudFormation defines for every stack. */
export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Classifies a parameter Type string. */
export function parameterKind(type: string): { kind: ParameterKind; isList: boolean; ssmValueType?: string } {
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (ssm) {
    const inner = ssm[1] as string;
    return { kind: 'SSM', ssmValueType: inner, isList: inner.startsWith('List<') || inner === 'CommaDelimitedList' };
  }
  if (type === 'AWS::SSM::Parameter::Name') return { kind: 'AWS', isList: false };
  if (type === 'String' || type === 'Number') return { kind: type, isList: false };
  if (type === 'List<Number>' || type === 'CommaDelimitedList') return { kind: type, isList: true };
  if (/^List<AWS::[A-Za-z0-9:]+>$/.test(type)) return { kind: 'List<AWS>', isList: true };
  if (/^AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+$/.test(type)) return { kind: 'AWS', isList: false };
  return { kind: 'Unknown', isList: false };
}

function parameterOf(name: string, raw: Record<string, unknown>): ParameterModel {
  const type = str(raw.Type) ?? 'String';
  const defaultValue = Array.isArray(raw.Default) ? raw.Default.map(String).join(',') : str(raw.Default);
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    name,
    type,
    ...parameterKind(type),
    ...optional('default', defaultValue),
    ...optional('allowedValues', Array.isArray(raw.AllowedValues) ? raw.AllowedValues.map(String) : undefined),
    ...optional('allowedPattern', str(raw.AllowedPattern)),
    ...optional('minLength', num(raw.MinLength)),
    ...optional('maxLength', num(raw.MaxLength)),
    ...optional('minValue', num(raw.MinValue)),
    ...optional('maxValue', num(raw.MaxValue)),
    noEcho: raw.NoEcho === true || raw.NoEcho === 'true',
    ...optional('description', str(raw.Description)),
    ...optional('constraintDescription', str(raw.ConstraintDescription)),
  };
}

function resourceOf(logicalId: string, raw: Record<string, unknown>): ResourceModel {
  const dependsOn = typeof raw.DependsOn === 'string' ? [raw.DependsOn] : Array.isArray(raw.DependsOn) ? raw.DependsOn.filter((d): d is string => typeof d === 'string') : [];
  const out: ResourceModel = {
    logicalId,
    type: str(raw.Type) ?? '',
    properties: isRecord(raw.Properties) ? raw.Properties : {},
    dependsOn,
  };
  if (typeof raw.Condition === 'string') out.condition = raw.Condition;
  if ('DeletionPolicy' in raw) out.deletionPolicy = raw.DeletionPolicy;
  if ('UpdateReplacePolicy' in raw) out.updateReplacePolicy = raw.UpdateReplacePolicy;
  if (isRecord(raw.Metadata)) out.metadata = raw.Metadata;
  if ('CreationPolicy' in raw) out.creationPolicy = raw.CreationPolicy;
  if ('UpdatePolicy' in raw) out.updatePolicy = raw.UpdatePolicy;
  return out;
}

function outputOf(name: string, raw: Record<string, unknown>): OutputModel {
  const out: OutputModel = { name, value: raw.Value };
  if ('Description' in raw) out.description = raw.Description;
  if (isRecord(raw.Export) && 'Name' in raw.Export) out.exportName = raw.Export.Name;
  if (typeof raw.Condition === 'string') out.condition = raw.Condition;
  return out;
}

function entries(v: unknown): [string, Record<string, unknown>][] {
  return isRecord(v) ? Object.entries(v).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1])) : [];
}

/** Builds the typed model of a template body. Sections of the wrong shape are skipped. */
export function modelOf(body: Record<string, unknown>): TemplateModel {
  const transform = body.Transform;
  const transforms = (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform])
    .map((t) => (isRecord(t) ? str(t.Name) : str(t)))
    .filter((t): t is string => t !== undefined);
  const model: TemplateModel = {
    transforms,
    parameters: new Map(entries(body.Parameters).map(([k, v]) => [k, parameterOf(k, v)])),
    mappings: isRecord(body.Mappings) ? (body.Mappings as TemplateModel['mappings']) : {},
    conditions: isRecord(body.Conditions) ? body.Conditions : {},
    resources: new Map(entries(body.Resources).map(([k, v]) => [k, resourceOf(k, v)])),
    outputs: new Map(entries(body.Outputs).map(([k, v]) => [k, outputOf(k, v)])),
    rules: isRecord(body.Rules) ? body.Rules : {},
    metadata: isRecord(body.Metadata) ? body.Metadata : {},
  };
  const version = str(body.AWSTemplateFormatVersion);
  if (version !== undefined) model.formatVersion = version;
  const description = str(body.Description);
  if (description !== undefined) model.description = description;
  return model;
}
