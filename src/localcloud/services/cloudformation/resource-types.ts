// How each resource type is provisioned in localcloud. S3 buckets and SSM parameters are real in
// localcloud's S3 and SSM; the other types are live records that drift detection compares.
import { AwsError } from '../../contract.js';
import type { S3Port, SsmPort } from '../../contract.js';
import type { CfnIds } from './ids.js';
import type { LiveRecord } from './records.js';

export interface ProvisionContext {
  account: string;
  region: string;
  stackName: string;
  logicalId: string;
  ids: CfnIds;
  s3: S3Port;
  ssm: SsmPort;
  live: Record<string, LiveRecord>;
}

export interface Provisioned {
  physicalId: string;
  ref: string;
  attributes: Record<string, unknown>;
}

/** A stack as a resource of another stack (a nested stack). */
export const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

/** A resource operation that failed: CloudFormation shows `message` as the status reason. */
export class ResourceFailure extends Error {
  readonly code = 'RESOURCE_FAILURE';
}

export interface ResourceKind {
  /** The property that names the resource, if any: a changed name means a new resource. */
  nameProperty?: string;
  /** Properties whose change replaces the resource (used when the resource spec is unavailable). */
  replaceOn: string[];
  create(props: Record<string, unknown>, ctx: ProvisionContext): Provisioned;
  update(previous: Provisioned, props: Record<string, unknown>, ctx: ProvisionContext): Provisioned;
  delete(physicalId: string, props: Record<string, unknown>, ctx: ProvisionContext): void;
  /** Live properties for drift detection; undefined when the resource is gone. Absent: NOT_CHECKED. */
  actual?(physicalId: string, expected: Record<string, unknown>, ctx: ProvisionContext): Record<string, unknown> | undefined;
}

/** `stack-Logical-SUFFIX`, shortened to fit `max` the way CloudFormation trims long names. */
export function generatedName(ctx: ProvisionContext, max: number, lower = false): string {
  const suffix = ctx.ids.suffix(12);
  const room = Math.max(2, max - suffix.length - 2);
  const stackPart = ctx.stackName.slice(0, Math.ceil(room / 2));
  const logicalPart = ctx.logicalId.slice(0, room - stackPart.length);
  const name = `${stackPart}-${logicalPart}-${suffix}`;
  return lower ? name.toLowerCase() : name;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const clone = <T>(v: T): T => structuredClone(v);
const liveKey = (type: string, physicalId: string) => `${type}|${physicalId}`;

/** Turns an AwsError from S3Port/SsmPort into the reason CloudFormation shows. */
function asFailure(err: unknown, service: string): never {
  if (err instanceof AwsError) throw new ResourceFailure(`${err.message} (Service: ${service}, Status Code: ${err.status}, Request ID: localcloud)`);
  throw err;
}

/** A type localcloud keeps as a live record only; `identify` chooses ids and attributes. */
function recordKind(type: string, replaceOn: string[], identify: (props: Record<string, unknown>, ctx: ProvisionContext) => Provisioned, nameProperty?: string): ResourceKind {
  return {
    replaceOn,
    ...(nameProperty ? { nameProperty } : {}),
    create(props, ctx) {
      const out = identify(props, ctx);
      ctx.live[liveKey(type, out.physicalId)] = { type, properties: clone(props) };
      return out;
    },
    update(previous, props, ctx) {
      ctx.live[liveKey(type, previous.physicalId)] = { type, properties: clone(props) };
      return previous;
    },
    delete(physicalId, _props, ctx) {
      delete ctx.live[liveKey(type, physicalId)];
    },
    actual(physicalId, _expected, ctx) {
      const rec = ctx.live[liveKey(type, physicalId)];
      return rec ? clone(rec.properties) : undefined;
    },
  };
}

const s3Bucket: ResourceKind = {
  nameProperty: 'BucketName',
  replaceOn: ['BucketName', 'ObjectLockEnabled'],
  create(props, ctx) {
    const name = text(props.BucketName) ?? generatedName(ctx, 63, true);
    try {
      ctx.s3.createBucket(ctx.account, ctx.region, name);
      ctx.s3.configureBucket(name, props);
    } catch (err) {
      asFailure(err, 'S3');
    }
    return bucketIdentity(name, ctx.region);
  },
  update(previous, props, ctx) {
    try {
      ctx.s3.configureBucket(previous.physicalId, props);
    } catch (err) {
      asFailure(err, 'S3');
    }
    return previous;
  },
  delete(physicalId, _props, ctx) {
    if (!ctx.s3.bucketInfo(physicalId)) return;
    try {
      ctx.s3.deleteBucket(physicalId);
    } catch (err) {
      asFailure(err, 'S3');
    }
  },
  actual(physicalId, expected, ctx) {
    const info = ctx.s3.bucketInfo(physicalId);
    if (!info) return undefined;
    const out = clone(expected);
    if (info.versioning !== undefined || 'VersioningConfiguration' in expected) {
      if (info.versioning === undefined) delete out.VersioningConfiguration;
      else out.VersioningConfiguration = { Status: info.versioning };
    }
    // localcloud's S3 reports encryption in the BucketEncryption shape of the template.
    if ('BucketEncryption' in expected) {
      if (info.encryption === undefined) delete out.BucketEncryption;
      else out.BucketEncryption = info.encryption;
    }
    return out;
  },
};

function bucketIdentity(name: string, region: string): Provisioned {
  return {
    physicalId: name,
    ref: name,
    attributes: {
      Arn: `arn:aws:s3:::${name}`,
      DomainName: `${name}.s3.amazonaws.com`,
      DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
      RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
      WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
    },
  };
}

const ssmParameter: ResourceKind = {
  nameProperty: 'Name',
  replaceOn: ['Name'],
  create(props, ctx) {
    const name = text(props.Name) ?? `CFN-${ctx.logicalId}-${ctx.ids.suffix(12)}`;
    return putParameter(name, props, ctx, false);
  },
  update(previous, props, ctx) {
    return putParameter(previous.physicalId, props, ctx, true);
  },
  delete(physicalId, _props, ctx) {
    ctx.ssm.delete(ctx.account, ctx.region, physicalId);
  },
  actual(physicalId, expected, ctx) {
    const p = ctx.ssm.get(ctx.account, ctx.region, physicalId);
    if (!p) return undefined;
    return { ...clone(expected), Type: p.type, Value: p.value };
  },
};

function putParameter(name: string, props: Record<string, unknown>, ctx: ProvisionContext, overwrite: boolean): Provisioned {
  const type = props.Type === 'StringList' ? 'StringList' : 'String';
  const value = text(props.Value);
  if (value === undefined) throw new ResourceFailure('Properties validation failed for resource ' + ctx.logicalId + ' with message: #: required key [Value] not found');
  try {
    const description = text(props.Description);
    ctx.ssm.put(ctx.account, ctx.region, name, value, type, { overwrite, ...(description ? { description } : {}) });
  } catch (err) {
    asFailure(err, 'Ssm');
  }
  return { physicalId: name, ref: name, attributes: { Type: type, Value: value } };
}

const KINDS: Record<string, ResourceKind> = {
  'AWS::S3::Bucket': s3Bucket,
  'AWS::SSM::Parameter': ssmParameter,
  'AWS::IAM::Role': recordKind('AWS::IAM::Role', ['RoleName', 'Path'], (p, ctx) => {
    const name = text(p.RoleName) ?? generatedName(ctx, 64);
    const path = text(p.Path) ?? '/';
    return { physicalId: name, ref: name, attributes: { Arn: `arn:aws:iam::${ctx.account}:role${path}${name}`, RoleId: `AROA${ctx.ids.suffix(17)}` } };
  }, 'RoleName'),
  'AWS::Lambda::Function': recordKind('AWS::Lambda::Function', ['FunctionName'], (p, ctx) => {
    const name = text(p.FunctionName) ?? generatedName(ctx, 64);
    return { physicalId: name, ref: name, attributes: { Arn: `arn:aws:lambda:${ctx.region}:${ctx.account}:function:${name}` } };
  }, 'FunctionName'),
  'AWS::SNS::Topic': recordKind('AWS::SNS::Topic', ['TopicName', 'FifoTopic'], (p, ctx) => {
    const name = text(p.TopicName) ?? generatedName(ctx, 256);
    const arn = `arn:aws:sns:${ctx.region}:${ctx.account}:${name}`;
    return { physicalId: arn, ref: arn, attributes: { TopicArn: arn, TopicName: name } };
  }, 'TopicName'),
  'AWS::SQS::Queue': recordKind('AWS::SQS::Queue', ['QueueName', 'FifoQueue'], (p, ctx) => {
    const fifo = p.FifoQueue === true || p.FifoQueue === 'true';
    const name = text(p.QueueName) ?? generatedName(ctx, fifo ? 75 : 80) + (fifo ? '.fifo' : '');
    const url = `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${name}`;
    return { physicalId: url, ref: url, attributes: { Arn: `arn:aws:sqs:${ctx.region}:${ctx.account}:${name}`, QueueName: name, QueueUrl: url } };
  }, 'QueueName'),
  'AWS::DynamoDB::Table': recordKind('AWS::DynamoDB::Table', ['TableName', 'KeySchema'], (p, ctx) => {
    const name = text(p.TableName) ?? generatedName(ctx, 255);
    const arn = `arn:aws:dynamodb:${ctx.region}:${ctx.account}:table/${name}`;
    const attributes: Record<string, unknown> = { Arn: arn };
    if (p.StreamSpecification) attributes.StreamArn = `${arn}/stream/2026-01-01T00:00:00.000`;
    return { physicalId: name, ref: name, attributes };
  }, 'TableName'),
  'AWS::KMS::Key': recordKind('AWS::KMS::Key', [], (_p, ctx) => {
    const id = ctx.ids.uuid();
    return { physicalId: id, ref: id, attributes: { Arn: `arn:aws:kms:${ctx.region}:${ctx.account}:key/${id}`, KeyId: id } };
  }),
};

/** Types whose drift localcloud checks; every other type is reported NOT_CHECKED. */
export const DRIFT_CHECKED_TYPES = Object.keys(KINDS);

/** The provisioner of a type: a dedicated one, or a generic live record without drift checks. */
export function resourceKind(type: string, attributeNames: () => string[], listAttributes: () => readonly string[] = () => []): ResourceKind {
  const known = KINDS[type];
  if (known) return known;
  const generic = recordKind(type, [], (_p, ctx) => {
    const physicalId = generatedName(ctx, 128);
    const attributes: Record<string, unknown> = {};
    const lists = listAttributes();
    for (const name of attributeNames()) {
      attributes[name] = lists.includes(name) ? plausibleList(type, name, physicalId, ctx) : plausibleAttribute(type, name, physicalId, ctx);
    }
    return { physicalId, ref: physicalId, attributes };
  });
  const { actual: _unchecked, ...withoutDrift } = generic;
  return withoutDrift;
}

/** A value shaped like what AWS returns for an attribute the spec lists. */
export function plausibleAttribute(type: string, name: string, physicalId: string, ctx: { account: string; region: string }): string {
  const [, service = 'service', resource = 'resource'] = type.split('::');
  if (/Arn$/i.test(name)) return `arn:aws:${service.toLowerCase()}:${ctx.region}:${ctx.account}:${resource.toLowerCase()}/${physicalId}`;
  if (/Url$|URL$/.test(name)) return `https://${physicalId.toLowerCase()}.${service.toLowerCase()}.${ctx.region}.amazonaws.com`;
  return `${physicalId}-${name.replace(/\./g, '-')}`;
}

/** A list attribute (the spec says so): one plausible element; IPv6 blocks a /56 Fn::Cidr can carve. */
export function plausibleList(type: string, name: string, physicalId: string, ctx: { account: string; region: string }): string[] {
  if (/Ipv6CidrBlocks?$/.test(name)) {
    let h = 0;
    for (const c of physicalId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return [`2600:1f18:${(h & 0xffff).toString(16)}:${((h >>> 16) & 0xff).toString(16)}00::/56`];
  }
  return [plausibleAttribute(type, name.replace(/s$/, ''), physicalId, ctx)];
}
