// Records rendered as the XML shapes of the CloudFormation API (2010-05-15).
import type { XmlValue } from '../../contract.js';
import type { ChangeSetRecord, ParameterValue, RollbackConfigurationRecord, ResourceChangeTarget, ResourceDriftResult, ResourceRecord, StackRecord } from './records.js';

/** Parameters as DescribeStacks shows them: NoEcho values masked, SSM types with ResolvedValue. */
export function renderParameters(params: ParameterValue[]): XmlValue {
  return params.map((p) => ({
    ParameterKey: p.key,
    ParameterValue: p.noEcho ? '****' : p.value,
    ...(p.resolved !== undefined ? { ResolvedValue: p.noEcho ? '****' : p.resolved } : {}),
  }));
}

const driftInfo = (s: StackRecord) => ({
  StackDriftStatus: s.drift?.status ?? 'NOT_CHECKED',
  ...(s.drift ? { LastCheckTimestamp: s.drift.lastCheck } : {}),
});

/** An empty RollbackConfiguration when none was given, as DescribeStacks shows it. */
const rollbackOf = (r: RollbackConfigurationRecord | undefined): XmlValue =>
  r ? { RollbackTriggers: r.triggers.map((t) => ({ ...t })), ...(r.monitoringMinutes !== undefined ? { MonitoringTimeInMinutes: r.monitoringMinutes } : {}) } : {};

export function renderStack(s: StackRecord): XmlValue {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    ChangeSetId: s.changeSetId,
    ParentId: s.parentId,
    RootId: s.rootId,
    Description: s.description,
    Parameters: renderParameters(s.parameters),
    CreationTime: s.creationTime,
    LastUpdatedTime: s.lastUpdatedTime,
    DeletionTime: s.deletionTime,
    RollbackConfiguration: rollbackOf(s.rollbackConfiguration),
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DisableRollback: s.disableRollback,
    NotificationARNs: s.notificationArns,
    TimeoutInMinutes: s.timeoutInMinutes,
    Capabilities: s.capabilities,
    Outputs: s.outputs.map((o) => ({ ...o })),
    RoleARN: s.roleArn,
    Tags: s.tags.map((t) => ({ ...t })),
    EnableTerminationProtection: s.terminationProtection,
    DriftInformation: driftInfo(s),
  };
}

export function renderStackSummary(s: StackRecord): XmlValue {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    TemplateDescription: s.description,
    CreationTime: s.creationTime,
    LastUpdatedTime: s.lastUpdatedTime,
    DeletionTime: s.deletionTime,
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    ParentId: s.parentId,
    RootId: s.rootId,
    DriftInformation: driftInfo(s),
  };
}

const resourceDrift = (r: ResourceRecord) => ({
  StackResourceDriftStatus: r.drift?.status ?? 'NOT_CHECKED',
  ...(r.drift ? { LastCheckTimestamp: r.drift.lastCheck } : {}),
});

export function renderResource(s: StackRecord, r: ResourceRecord, detail: boolean): XmlValue {
  return {
    StackName: s.stackName,
    StackId: s.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    ...(detail ? { LastUpdatedTimestamp: r.timestamp, Metadata: r.metadata ? JSON.stringify(r.metadata) : undefined } : { Timestamp: r.timestamp }),
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: resourceDrift(r),
  };
}

export function renderResourceSummary(r: ResourceRecord): XmlValue {
  return {
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    LastUpdatedTimestamp: r.timestamp,
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: resourceDrift(r),
  };
}

const nestedFields = (c: ChangeSetRecord) => ({
  IncludeNestedStacks: c.includeNestedStacks === true,
  ParentChangeSetId: c.parentChangeSetId,
  RootChangeSetId: c.rootChangeSetId,
});

const targetOf = (t: ResourceChangeTarget, values: boolean): XmlValue =>
  values
    ? { ...t }
    : { Attribute: t.Attribute, Name: t.Name, RequiresRecreation: t.RequiresRecreation };

/** With `values` (DescribeChangeSet IncludePropertyValues): before/after values and contexts too. */
export function renderChangeSet(c: ChangeSetRecord, values = false): XmlValue {
  return {
    ChangeSetName: c.changeSetName,
    ChangeSetId: c.changeSetId,
    StackId: c.stackId,
    StackName: c.stackName,
    Description: c.description,
    Parameters: renderParameters(c.parameters),
    CreationTime: c.creationTime,
    ExecutionStatus: c.executionStatus,
    Status: c.status,
    StatusReason: c.statusReason,
    NotificationARNs: c.notificationArns,
    RollbackConfiguration: rollbackOf(c.governance?.rollback),
    Capabilities: c.capabilities,
    Tags: c.tags.map((t) => ({ ...t })),
    Changes: c.changes.map((rc) => ({
      Type: 'Resource',
      ResourceChange: {
        Action: rc.Action,
        LogicalResourceId: rc.LogicalResourceId,
        PhysicalResourceId: rc.PhysicalResourceId,
        ResourceType: rc.ResourceType,
        Replacement: rc.Replacement,
        Scope: rc.Scope,
        Details: rc.Details.map((d) => ({ Target: targetOf(d.Target, values), Evaluation: d.Evaluation, ChangeSource: d.ChangeSource, CausingEntity: d.CausingEntity })),
        ...(rc.ChangeSetId ? { ChangeSetId: rc.ChangeSetId } : {}),
        ...(values ? { BeforeContext: rc.BeforeContext, AfterContext: rc.AfterContext, PolicyAction: rc.PolicyAction } : {}),
      },
    })),
    ...nestedFields(c),
  };
}

export function renderChangeSetSummary(c: ChangeSetRecord): XmlValue {
  return {
    StackId: c.stackId,
    StackName: c.stackName,
    ChangeSetId: c.changeSetId,
    ChangeSetName: c.changeSetName,
    ExecutionStatus: c.executionStatus,
    Status: c.status,
    StatusReason: c.statusReason,
    CreationTime: c.creationTime,
    Description: c.description,
    ...nestedFields(c),
  };
}

export function renderResourceDrift(s: StackRecord, r: ResourceRecord, d: ResourceDriftResult): XmlValue {
  return {
    StackId: s.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    ExpectedProperties: d.expected ? JSON.stringify(d.expected) : undefined,
    ActualProperties: d.actual ? JSON.stringify(d.actual) : undefined,
    PropertyDifferences: d.differences.map((p) => ({ ...p })),
    StackResourceDriftStatus: d.status,
    Timestamp: d.lastCheck,
  };
}
