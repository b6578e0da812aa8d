// Which template values name local files that `aws cloudformation package` uploads, and what each
// becomes once uploaded. One row a property; the shapes follow each resource type's S3 property.
import type { StoredArtifact } from '../../cloud/index.js';
import { isRecord, type TemplatePath } from '../../template/index.js';

/** What an uploaded artifact turns the template value into. */
export type Rewrite = 'lambda-code' | 'bucket-key-version' | 's3-uri' | 'https-url' | 'beanstalk-bundle';

export interface AssetRule {
  resourceType: string;
  /** Path below the resource's Properties. */
  property: readonly string[];
  rewrite: Rewrite;
  /** Lambda wants an archive: a single plain file is zipped too (a .zip/.jar is uploaded as it is). */
  forceZip: boolean;
  /** A folder is zipped; where false, only a file makes sense (a definition, a script). */
  allowFolder: boolean;
  /** The file is a template to package recursively before upload. */
  nestedTemplate?: boolean;
}

const rule = (resourceType: string, property: string, rewrite: Rewrite, extra: Partial<AssetRule> = {}): AssetRule => ({
  resourceType,
  property: property.split('.'),
  rewrite,
  forceZip: false,
  allowFolder: false,
  ...extra,
});
const code = { forceZip: true, allowFolder: true };
const nested = { nestedTemplate: true };

export const ASSET_RULES: readonly AssetRule[] = [
  rule('AWS::Lambda::Function', 'Code', 'lambda-code', code),
  rule('AWS::Lambda::LayerVersion', 'Content', 'lambda-code', code),
  rule('AWS::Serverless::Function', 'CodeUri', 's3-uri', code),
  rule('AWS::Serverless::LayerVersion', 'ContentUri', 's3-uri', code),
  rule('AWS::CloudFormation::Stack', 'TemplateURL', 'https-url', nested),
  rule('AWS::Serverless::Application', 'Location', 'https-url', nested),
  rule('AWS::ApiGateway::RestApi', 'BodyS3Location', 'bucket-key-version'),
  rule('AWS::Serverless::Api', 'DefinitionUri', 's3-uri'),
  rule('AWS::Serverless::HttpApi', 'DefinitionUri', 's3-uri'),
  rule('AWS::Serverless::StateMachine', 'DefinitionUri', 's3-uri'),
  rule('AWS::StepFunctions::StateMachine', 'DefinitionS3Location', 'bucket-key-version'),
  rule('AWS::Glue::Job', 'Command.ScriptLocation', 's3-uri'),
  rule('AWS::AppSync::GraphQLSchema', 'DefinitionS3Location', 's3-uri'),
  rule('AWS::AppSync::Resolver', 'RequestMappingTemplateS3Location', 's3-uri'),
  rule('AWS::AppSync::Resolver', 'ResponseMappingTemplateS3Location', 's3-uri'),
  rule('AWS::ElasticBeanstalk::ApplicationVersion', 'SourceBundle', 'beanstalk-bundle', { allowFolder: true, forceZip: true }),
];

const GLOBAL_RULES: readonly (readonly [string, string, AssetRule])[] = [
  ['Function', 'CodeUri', rule('AWS::Serverless::Function', 'CodeUri', 's3-uri', code)],
  ['Api', 'DefinitionUri', rule('AWS::Serverless::Api', 'DefinitionUri', 's3-uri')],
  ['HttpApi', 'DefinitionUri', rule('AWS::Serverless::HttpApi', 'DefinitionUri', 's3-uri')],
];

/** The rule AWS::Include snippets follow wherever `Fn::Transform` names it. */
export const INCLUDE_RULE: AssetRule = rule('AWS::Include', 'Location', 's3-uri');

/** A template value that names a local file or folder. */
export interface AssetReference {
  /** The resource holding it ('' for a transform outside Resources). */
  logicalId: string;
  /** Dotted property path, e.g. `Code`, `Command.ScriptLocation`, `Fn::Transform.Parameters.Location`. */
  property: string;
  /** Full path of the value in the template body. */
  path: TemplatePath;
  localPath: string;
  rule: AssetRule;
}

/** Already remote (S3 or HTTP) or not a plain string (an intrinsic, an S3 location map): left alone. */
export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/^(s3|https?):\/\//i.test(value.trim());
}

function at(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const key of path) cur = isRecord(cur) ? cur[key] : undefined;
  return cur;
}

/** Every AWS::Include `Fn::Transform` (and a top-level `Transform` map) with a local Location. */
function includeReferences(body: Record<string, unknown>): AssetReference[] {
  const out: AssetReference[] = [];
  const consider = (transform: unknown, path: TemplatePath, logicalId: string, property: string) => {
    for (const [i, t] of (Array.isArray(transform) ? transform : [transform]).entries()) {
      const location = at(t, ['Parameters', 'Location']);
      if (isRecord(t) && t.Name === 'AWS::Include' && isLocalPath(location)) {
        const itemPath = Array.isArray(transform) ? [...path, i] : path;
        out.push({ logicalId, property, path: [...itemPath, 'Parameters', 'Location'], localPath: location, rule: INCLUDE_RULE });
      }
    }
  };
  const walk = (value: unknown, path: TemplatePath, depth: number) => {
    if (depth > 100) return;
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], depth + 1));
    else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = [...path, key];
        if (key === 'Fn::Transform') {
          const logicalId = path[0] === 'Resources' && typeof path[1] === 'string' ? path[1] : '';
          const below = logicalId ? path.slice(path[2] === 'Properties' ? 3 : 2) : path;
          consider(child, childPath, logicalId, [...below, 'Fn::Transform', 'Parameters', 'Location'].join('.'));
        }
        walk(child, childPath, depth + 1);
      }
    }
  };
  if (isRecord(body.Transform) || Array.isArray(body.Transform)) consider(body.Transform, ['Transform'], '', 'Transform.Parameters.Location');
  walk(body, [], 0);
  return out;
}

/** Every local file or folder the template references, in template order. */
export function findAssetReferences(body: Record<string, unknown>): AssetReference[] {
  const out: AssetReference[] = [];
  const resources = isRecord(body.Resources) ? body.Resources : {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') continue;
    for (const r of ASSET_RULES) {
      if (r.resourceType !== resource.Type) continue;
      const value = at(resource.Properties, r.property);
      if (isLocalPath(value)) {
        out.push({ logicalId, property: r.property.join('.'), path: ['Resources', logicalId, 'Properties', ...r.property], localPath: value.trim(), rule: r });
      }
    }
  }
  // SAM's Globals section gives every function (API) a default CodeUri (DefinitionUri).
  const globals = isRecord(body.Globals) ? body.Globals : {};
  for (const [section, property, r] of GLOBAL_RULES) {
    const value = at(globals[section], [property]);
    if (isLocalPath(value)) out.push({ logicalId: 'Globals', property: `${section}.${property}`, path: ['Globals', section, property], localPath: value.trim(), rule: r });
  }
  return [...out, ...includeReferences(body)];
}

/** The template value that replaces a local path once its artifact is in S3. */
export function rewrittenValue(rewrite: Rewrite, stored: StoredArtifact): unknown {
  // S3 reports the version of an object in an unversioned bucket as the string "null".
  const a = stored.versionId === 'null' ? { ...stored, versionId: undefined } : stored;
  switch (rewrite) {
    case 'lambda-code':
      return { S3Bucket: a.bucket, S3Key: a.key, ...(a.versionId ? { S3ObjectVersion: a.versionId } : {}) };
    case 'beanstalk-bundle':
      return { S3Bucket: a.bucket, S3Key: a.key };
    case 'bucket-key-version':
      return { Bucket: a.bucket, Key: a.key, ...(a.versionId ? { Version: a.versionId } : {}) };
    case 's3-uri':
      return `s3://${a.bucket}/${a.key}`;
    case 'https-url':
      return a.url;
  }
}
