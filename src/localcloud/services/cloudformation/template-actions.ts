// GetTemplate, GetTemplateSummary, ValidateTemplate, ListExports, ListImports.
import { modelOf, usesLanguageExtensions } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import type { QueryParams, RequestContext, XmlValue } from '../../contract.js';
import { exportsOf, findChangeSet, importersOf, requireStack } from './backend.js';
import { capabilitiesNeeded } from './capabilities.js';
import { required } from './query-params.js';
import type { TemplateRecord } from './records.js';
import { regionOf } from './service-core.js';
import type { ServiceCore } from './service-core.js';
import { checkStructure, templateOfRequest } from './template-source.js';
import { pageOf } from './pagination.js';

export async function getTemplate(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  let template: TemplateRecord | undefined;
  if (params.ChangeSetName) {
    const cs = findChangeSet(rs, params.ChangeSetName, params.StackName);
    if (!cs) throw new AwsError('ChangeSetNotFound', `ChangeSet [${params.ChangeSetName}] does not exist`, 404);
    template = cs.template;
  } else template = requireStack(rs, required(params, 'StackName')).template;
  if (!template) throw new AwsError('ValidationError', 'Stack has no template');
  // Without transforms the processed template is the original; with them it is the expanded body as JSON.
  const processed = params.TemplateStage === 'Processed' && template.processed === true;
  return { TemplateBody: processed ? JSON.stringify(template.body) : template.text, StagesAvailable: ['Original', 'Processed'] };
}

function parameterDeclarations(body: Record<string, unknown>, summary: boolean): XmlValue {
  return [...modelOf(body).parameters.values()].map((p) => ({
    ParameterKey: p.name,
    DefaultValue: p.default,
    ...(summary ? { ParameterType: p.type } : {}),
    NoEcho: p.noEcho,
    Description: p.description,
    ...(summary ? { ParameterConstraints: { AllowedValues: p.allowedValues ?? [] } } : {}),
  }));
}

export async function validateTemplate(core: ServiceCore, params: QueryParams): Promise<XmlValue> {
  const t = templateOfRequest(params, core.s3);
  if (!usesLanguageExtensions(t.body)) checkStructure(t.body);
  const need = capabilitiesNeeded(t.body);
  const model = modelOf(t.body);
  return {
    Parameters: parameterDeclarations(t.body, false),
    Description: model.description,
    Capabilities: need.capabilities,
    CapabilitiesReason: need.reason,
    DeclaredTransforms: model.transforms,
  };
}

export async function getTemplateSummary(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const t = params.StackName && !params.TemplateBody && !params.TemplateURL ? requireStack(regionOf(core, ctx), params.StackName).template : templateOfRequest(params, core.s3);
  if (!t) throw new AwsError('ValidationError', 'Stack has no template');
  const need = capabilitiesNeeded(t.body);
  const model = modelOf(t.body);
  const types = [...new Set([...model.resources.values()].map((r) => r.type))];
  return {
    Parameters: parameterDeclarations(t.body, true),
    Description: model.description,
    Capabilities: need.capabilities,
    CapabilitiesReason: need.reason,
    ResourceTypes: types,
    Version: model.formatVersion,
    Metadata: Object.keys(model.metadata).length > 0 ? JSON.stringify(model.metadata) : undefined,
    DeclaredTransforms: model.transforms,
    ResourceIdentifierSummaries: types.map((type) => ({
      ResourceType: type,
      LogicalResourceIds: [...model.resources.values()].filter((r) => r.type === type).map((r) => r.logicalId),
      ResourceIdentifiers: [],
    })),
  };
}

export async function listExports(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const page = pageOf(exportsOf(regionOf(core, ctx)), (e) => e.name, params);
  return { Exports: page.items.map((e) => ({ ExportingStackId: e.stack.stackId, Name: e.name, Value: e.value })), NextToken: page.nextToken };
}

export async function listImports(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const name = required(params, 'ExportName');
  const users = importersOf(regionOf(core, ctx), name);
  if (users.length === 0) throw new AwsError('ValidationError', `Export '${name}' is not imported by any stack.`);
  const page = pageOf(users, (u) => u, params);
  return { Imports: page.items, NextToken: page.nextToken };
}

