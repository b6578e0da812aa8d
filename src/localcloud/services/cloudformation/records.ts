// The service's state as plain JSON-serialisable records (snapshot/restore writes them as is).

export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_SKIPPED';

export interface ParameterValue {
  key: string;
  /** The value as given (or the default); for SSM types the parameter name. */
  value: string;
  /** For SSM parameter types: the value read from SSM. */
  resolved?: string;
  noEcho: boolean;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface ResourceRecord {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: ResourceStatus;
  statusReason?: string;
  /** Last status change (ISO). */
  timestamp: string;
  /** Properties as deployed, intrinsics resolved: what drift detection expects. */
  properties: Record<string, unknown>;
  /** What Ref returns. */
  ref?: string;
  /** What Fn::GetAtt returns, by attribute name. */
  attributes: Record<string, unknown>;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  metadata?: Record<string, unknown>;
  /** Resources this one waits for on create (deleted after them, in reverse). */
  dependencies: string[];
  drift?: ResourceDriftResult;
}

export interface PropertyDifference {
  PropertyPath: string;
  ExpectedValue: string;
  ActualValue: string;
  DifferenceType: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
}

export interface ResourceDriftResult {
  status: DriftStatus;
  lastCheck: string;
  expected?: Record<string, unknown>;
  actual?: Record<string, unknown>;
  differences: PropertyDifference[];
}

export type DriftStatus = 'IN_SYNC' | 'MODIFIED' | 'DELETED' | 'NOT_CHECKED';

export interface StackEventRecord {
  EventId: string;
  StackId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Timestamp: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
  ClientRequestToken?: string;
}

export interface OutputRecord {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

/** A template as submitted and as parsed. */
export interface TemplateRecord {
  text: string;
  /** The processed template (AWS::LanguageExtensions expanded). */
  body: Record<string, unknown>;
  /** True when a transform changed the body (GetTemplate's Processed stage differs). */
  processed?: boolean;
}

export interface StackRecord {
  stackId: string;
  stackName: string;
  account: string;
  region: string;
  status: StackStatus;
  statusReason?: string;
  creationTime: string;
  lastUpdatedTime?: string;
  deletionTime?: string;
  description?: string;
  template?: TemplateRecord;
  parameters: ParameterValue[];
  tags: Tag[];
  capabilities: string[];
  notificationArns: string[];
  disableRollback: boolean;
  timeoutInMinutes?: number;
  roleArn?: string;
  terminationProtection: boolean;
  rollbackConfiguration?: RollbackConfigurationRecord;
  /** StackPolicyBody as SetStackPolicy (or CreateStack/UpdateStack) gave it. */
  stackPolicy?: string;
  outputs: OutputRecord[];
  resources: Record<string, ResourceRecord>;
  /** Oldest first; rendered newest first. */
  events: StackEventRecord[];
  /** Tokens of operations already accepted on this stack, as `Action:token`. */
  tokens: string[];
  /** Export names the deployed template imports (Fn::ImportValue). */
  imports?: string[];
  /** The change set that last changed the stack. */
  changeSetId?: string;
  drift?: { status: 'DRIFTED' | 'IN_SYNC' | 'NOT_CHECKED'; lastCheck: string };
  /** For a nested stack: the stack whose AWS::CloudFormation::Stack resource it is. */
  parentId?: string;
  /** For a nested stack: the top-level stack of its hierarchy. */
  rootId?: string;
}

/** Path, BeforeValue, AfterValue and AttributeChangeType are kept always and shown only under IncludePropertyValues. */
export interface ResourceChangeTarget {
  Attribute: string;
  Name?: string;
  RequiresRecreation: 'Never' | 'Conditionally' | 'Always';
  Path?: string;
  BeforeValue?: string;
  AfterValue?: string;
  AttributeChangeType?: 'Add' | 'Remove' | 'Modify';
}

export interface ResourceChangeDetail {
  Target: ResourceChangeTarget;
  Evaluation: 'Static' | 'Dynamic';
  /** Automatic: a nested stack whose own change set holds the changes. */
  ChangeSource: 'DirectModification' | 'ParameterReference' | 'ResourceReference' | 'ResourceAttribute' | 'Automatic';
  CausingEntity?: string;
}

export interface ResourceChange {
  Action: 'Add' | 'Modify' | 'Remove';
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: 'True' | 'False' | 'Conditional';
  Scope: string[];
  Details: ResourceChangeDetail[];
  /** For a nested stack under IncludeNestedStacks: the ARN of its own change set. */
  ChangeSetId?: string;
  /** JSON `{ Properties }` before and after (NoEcho values masked); shown only under IncludePropertyValues. */
  BeforeContext?: string;
  AfterContext?: string;
  /** Remove: Delete, or Retain under DeletionPolicy Retain; shown only under IncludePropertyValues. */
  PolicyAction?: 'Delete' | 'Retain';
}

export interface RollbackConfigurationRecord {
  triggers: { Arn: string; Type: string }[];
  monitoringMinutes?: number;
}

export interface ChangeSetGovernance {
  roleArn?: string;
  notificationArns?: string[];
  rollback?: RollbackConfigurationRecord;
}

export type ChangeSetStatus = 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'FAILED';
export type ExecutionStatus = 'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';

export interface ChangeSetRecord {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  status: ChangeSetStatus;
  statusReason?: string;
  executionStatus: ExecutionStatus;
  creationTime: string;
  description?: string;
  template: TemplateRecord;
  parameters: ParameterValue[];
  tags: Tag[];
  capabilities: string[];
  notificationArns: string[];
  /** What the request carried of RoleARN, NotificationARNs, RollbackConfiguration: set on the stack when executed. */
  governance?: ChangeSetGovernance;
  changes: ResourceChange[];
  clientToken?: string;
  /** Created with IncludeNestedStacks=true: the root and every nested change set of its hierarchy. */
  includeNestedStacks?: boolean;
  /** Nested change sets only: the change set of the parent stack, and of the root stack. */
  parentChangeSetId?: string;
  rootChangeSetId?: string;
}

export interface DriftDetectionRecord {
  id: string;
  stackId: string;
  status: 'DETECTION_IN_PROGRESS' | 'DETECTION_COMPLETE' | 'DETECTION_FAILED';
  statusReason?: string;
  stackDriftStatus?: 'DRIFTED' | 'IN_SYNC' | 'NOT_CHECKED' | 'UNKNOWN';
  driftedCount?: number;
  timestamp: string;
}

/** Live state of resources localcloud only records (not S3/SSM): a console edit changes it. */
export interface LiveRecord {
  type: string;
  properties: Record<string, unknown>;
}

/** One account x region. */
export interface RegionState {
  account: string;
  region: string;
  /** All stacks ever created here, deleted ones included (DescribeStacks by id still finds them). */
  stacks: StackRecord[];
  changeSets: ChangeSetRecord[];
  drifts: DriftDetectionRecord[];
  /** Keyed by `${type}|${physicalId}`. */
  live: Record<string, LiveRecord>;
}
