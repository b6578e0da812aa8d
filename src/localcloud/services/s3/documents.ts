// Bucket configuration documents: parsed from S3's XML bodies and from AWS::S3::Bucket properties,
// and rendered back for the Get* calls.
import { AwsError } from '../../contract.js';
import type { XmlValue } from '../../contract.js';
import type { XmlNode } from '../../protocol/xml.js';
import { child, childText, children, parseXml } from '../../protocol/xml.js';
import type { EncryptionRule, ReplicationConfig, ReplicationRule } from './types.js';

export function malformedXml(): AwsError {
  return new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

/** Parses a request body that must be XML with the given root element. */
export function parseDocument(body: Buffer, root: string): XmlNode {
  const doc = parseXml(body.toString('utf8'));
  if (!doc || doc.name !== root) throw malformedXml();
  return doc;
}

export function parseEncryption(doc: XmlNode): EncryptionRule[] {
  const rules = children(doc, 'Rule').map((rule): EncryptionRule => {
    const byDefault = child(rule, 'ApplyServerSideEncryptionByDefault');
    const algorithm = childText(byDefault, 'SSEAlgorithm');
    if (!algorithm || !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm)) throw malformedXml();
    const bucketKey = childText(rule, 'BucketKeyEnabled');
    return { algorithm, kmsKeyId: childText(byDefault, 'KMSMasterKeyID'), bucketKeyEnabled: bucketKey === undefined ? undefined : bucketKey === 'true' };
  });
  if (rules.length === 0) throw malformedXml();
  return rules;
}

export function renderEncryption(rules: EncryptionRule[]): Record<string, XmlValue> {
  return {
    Rule: rules.map((r) => ({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: r.algorithm, KMSMasterKeyID: r.kmsKeyId },
      BucketKeyEnabled: r.bucketKeyEnabled,
    })),
  };
}

export function parseTagging(doc: XmlNode): { key: string; value: string }[] {
  return children(child(doc, 'TagSet'), 'Tag').map((tag) => ({ key: child(tag, 'Key')?.text ?? '', value: child(tag, 'Value')?.text ?? '' }));
}

export function parseReplication(doc: XmlNode): ReplicationConfig {
  const rules = children(doc, 'Rule').map((rule, i): ReplicationRule => {
    const destination = childText(child(rule, 'Destination'), 'Bucket');
    const status = childText(rule, 'Status');
    if (!destination || (status !== 'Enabled' && status !== 'Disabled')) throw malformedXml();
    const filter = child(rule, 'Filter');
    const prefix = childText(rule, 'Prefix') ?? childText(filter, 'Prefix') ?? childText(child(filter, 'And'), 'Prefix') ?? '';
    const priority = childText(rule, 'Priority');
    return {
      id: childText(rule, 'ID') ?? `rule-${i + 1}`,
      status,
      priority: priority === undefined ? undefined : Number(priority),
      prefix,
      destinationBucket: destination,
      storageClass: childText(child(rule, 'Destination'), 'StorageClass'),
      deleteMarkerReplication: childText(child(rule, 'DeleteMarkerReplication'), 'Status') === 'Enabled',
    };
  });
  if (rules.length === 0) throw malformedXml();
  return { role: childText(doc, 'Role') ?? '', rules };
}

export function renderReplication(config: ReplicationConfig): Record<string, XmlValue> {
  return {
    Role: config.role,
    Rule: config.rules.map((r) => ({
      ID: r.id,
      Priority: r.priority,
      Status: r.status,
      Filter: { Prefix: r.prefix },
      Destination: { Bucket: r.destinationBucket, StorageClass: r.storageClass },
      DeleteMarkerReplication: { Status: r.deleteMarkerReplication ? 'Enabled' : 'Disabled' },
    })),
  };
}

type Props = Record<string, unknown>;
const asProps = (v: unknown): Props => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Props) : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

/** AWS::S3::Bucket BucketEncryption -> rules. */
export function encryptionFromProperties(value: unknown): EncryptionRule[] | undefined {
  const rules = asList(asProps(value).ServerSideEncryptionConfiguration).map((r) => {
    const byDefault = asProps(asProps(r).ServerSideEncryptionByDefault);
    const bucketKey = asProps(r).BucketKeyEnabled;
    return { algorithm: str(byDefault.SSEAlgorithm) ?? 'AES256', kmsKeyId: str(byDefault.KMSMasterKeyID), bucketKeyEnabled: bucketKey === undefined ? undefined : String(bucketKey) === 'true' };
  });
  return rules.length > 0 ? rules : undefined;
}

/** Rules -> the AWS::S3::Bucket BucketEncryption shape (what drift detection compares). */
export function encryptionToProperties(rules: EncryptionRule[] | undefined): unknown {
  if (!rules) return undefined;
  return {
    ServerSideEncryptionConfiguration: rules.map((r) => ({
      ServerSideEncryptionByDefault: r.kmsKeyId ? { SSEAlgorithm: r.algorithm, KMSMasterKeyID: r.kmsKeyId } : { SSEAlgorithm: r.algorithm },
      ...(r.bucketKeyEnabled === undefined ? {} : { BucketKeyEnabled: r.bucketKeyEnabled }),
    })),
  };
}

/** AWS::S3::Bucket ReplicationConfiguration -> config. */
export function replicationFromProperties(value: unknown): ReplicationConfig | undefined {
  const props = asProps(value);
  const rules = asList(props.Rules).map((raw, i): ReplicationRule => {
    const r = asProps(raw);
    const destination = asProps(r.Destination);
    return {
      id: str(r.Id) ?? `rule-${i + 1}`,
      status: str(r.Status) === 'Disabled' ? 'Disabled' : 'Enabled',
      priority: r.Priority === undefined ? undefined : Number(r.Priority),
      prefix: str(r.Prefix) ?? str(asProps(r.Filter).Prefix) ?? '',
      destinationBucket: str(destination.Bucket) ?? '',
      storageClass: str(destination.StorageClass),
      deleteMarkerReplication: str(asProps(r.DeleteMarkerReplication).Status) === 'Enabled',
    };
  });
  return rules.length > 0 ? { role: str(props.Role) ?? '', rules } : undefined;
}

/** AWS::S3::Bucket PublicAccessBlockConfiguration -> the XML document GetPublicAccessBlock returns. */
export function publicAccessBlockDocument(value: unknown): string | undefined {
  const props = asProps(value);
  const keys = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
  if (!keys.some((k) => k in props)) return undefined;
  const inner = keys.map((k) => `<${k}>${String(props[k] === true || props[k] === 'true')}</${k}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</PublicAccessBlockConfiguration>`;
}
