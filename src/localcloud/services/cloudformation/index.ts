// localcloud's CloudFormation service (Query protocol, API version 2010-05-15): stacks, change
// sets, exports and drift, with operations that take time on the injected clock.
import { AwsError } from '../../contract.js';
import type { Clock, QueryParams, QueryService, RequestContext, S3Port, SsmPort, StatefulService, XmlValue } from '../../contract.js';
import { FaultBook, parseFault, parseLiveEdit } from './admin.js';
import { Regions } from './backend.js';
import { createChangeSet, deleteChangeSet, describeChangeSet, executeChangeSet, listChangeSets } from './change-set-actions.js';
import { describeStackDriftDetectionStatus, describeStackResourceDrifts, detectStackDrift, detectStackResourceDrift } from './drift-actions.js';
import { CfnIds } from './ids.js';
import { applyLiveEdit } from './live-edit.js';
import { nestedStacks } from './nested-stacks.js';
import type { RegionState } from './records.js';
import type { ServiceCore } from './service-core.js';
import { getStackPolicy, setStackPolicy, updateTerminationProtection } from './settings-actions.js';
import { templateSpec } from './spec-port.js';
import type { SpecPort } from './spec-port.js';
import {
  createStack,
  deleteStack,
  describeStackEvents,
  describeStackResource,
  describeStackResources,
  describeStacks,
  listStackResources,
  listStacks,
  updateStack,
} from './stack-actions.js';
import { getTemplate, getTemplateSummary, listExports, listImports, validateTemplate } from './template-actions.js';

export { NO_CHANGES_REASON } from './change-set-actions.js';
export { DRIFT_CHECKED_TYPES } from './resource-types.js';
export type { FaultSpec, LiveEdit } from './admin.js';

export interface CloudFormationDeps {
  clock: Clock;
  s3: S3Port;
  ssm: SsmPort;
  /** How long each simulated resource operation takes on `clock`. */
  latencyMs: number;
  /** Seeds generated ids so runs are reproducible. */
  seed: number;
  /** Replacement behaviour and attributes of resource types; defaults to the template module's spec. */
  spec?: SpecPort;
}

export type CloudFormationService = QueryService &
  StatefulService & {
    injectFault(spec: unknown): void;
    clearFaults(): void;
    editLive(spec: unknown): void;
    state(): unknown;
  };

type Handler = (core: ServiceCore, params: QueryParams, ctx: RequestContext) => Promise<XmlValue>;

const ACTIONS: Record<string, Handler> = {
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
  DescribeStacks: describeStacks,
  ListStacks: listStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResource: describeStackResource,
  DescribeStackResources: describeStackResources,
  ListStackResources: listStackResources,
  GetTemplate: getTemplate,
  GetTemplateSummary: getTemplateSummary,
  ValidateTemplate: validateTemplate,
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  ListChangeSets: listChangeSets,
  ListExports: listExports,
  ListImports: listImports,
  DetectStackDrift: detectStackDrift,
  DescribeStackDriftDetectionStatus: describeStackDriftDetectionStatus,
  DescribeStackResourceDrifts: describeStackResourceDrifts,
  DetectStackResourceDrift: detectStackResourceDrift,
  SetStackPolicy: setStackPolicy,
  GetStackPolicy: getStackPolicy,
  UpdateTerminationProtection: updateTerminationProtection,
};

/** The CloudFormation actions localcloud implements. */
export const CLOUDFORMATION_ACTIONS = Object.keys(ACTIONS);

interface Snapshot {
  version: 1;
  ids: number;
  faults: unknown;
  regions: RegionState[];
}

/** Creates the service; operations started by its actions run in the background on `deps.clock`. */
export function createCloudFormationService(deps: CloudFormationDeps): CloudFormationService {
  const ids = new CfnIds(deps.seed);
  const regions = new Regions();
  const faults = new FaultBook();
  const spec = deps.spec ?? templateSpec;
  const core: ServiceCore = {
    clock: deps.clock,
    s3: deps.s3,
    ssm: deps.ssm,
    ids,
    regions,
    faults,
    spec,
    running: new Set(),
    engine: {
      clock: deps.clock,
      s3: deps.s3,
      ssm: deps.ssm,
      latencyMs: deps.latencyMs,
      ids,
      faults,
      regions,
      attributeNames: (t) => spec.attributeNames(t),
      listAttributes: (t) => spec.listAttributes?.(t) ?? [],
      requiredProperties: (t) => spec.requiredProperties(t),
      shapeError: (t, props) => spec.shapeError?.(t, props),
      nested: nestedStacks(() => core),
    },
  };
  return {
    name: 'cloudformation',
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    handle(action, params, ctx) {
      const handler = ACTIONS[action];
      if (!handler) return Promise.reject(new AwsError('InvalidAction', `The action ${action} is not implemented by localcloud's CloudFormation`));
      return handler(core, params, ctx);
    },
    reset() {
      regions.reset();
      faults.clear();
      ids.load(deps.seed);
    },
    snapshot(): Snapshot {
      return { version: 1, ids: ids.save(), faults: faults.snapshot(), regions: regions.snapshot() };
    },
    restore(state) {
      const s = state as Partial<Snapshot> | undefined;
      if (!s || s.version !== 1 || !Array.isArray(s.regions)) throw new AwsError('ValidationError', 'Not a CloudFormation snapshot of localcloud');
      regions.restore(s.regions, new Date(deps.clock.now()).toISOString());
      faults.restore(s.faults);
      if (typeof s.ids === 'number') ids.load(s.ids);
    },
    injectFault(body) {
      faults.add(parseFault(body));
    },
    clearFaults() {
      faults.clear();
    },
    editLive(body) {
      applyLiveEdit(core, parseLiveEdit(body));
    },
    state() {
      return stateOf(regions);
    },
  };
}

/** Stacks and resources per account x region, for GET /_localcloud/state. */
function stateOf(regions: Regions): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const rs of regions.all()) {
    const account = (out[rs.account] ??= {});
    account[rs.region] = {
      stacks: rs.stacks.map((s) => ({
        stackName: s.stackName,
        stackId: s.stackId,
        status: s.status,
        ...(s.statusReason ? { statusReason: s.statusReason } : {}),
        outputs: s.outputs,
        resources: Object.values(s.resources).map((r) => ({
          logicalId: r.logicalId,
          type: r.type,
          physicalId: r.physicalId,
          status: r.status,
          properties: r.properties,
          live: r.physicalId ? rs.live[`${r.type}|${r.physicalId}`]?.properties : undefined,
        })),
      })),
      changeSets: rs.changeSets.map((c) => ({ changeSetName: c.changeSetName, stackName: c.stackName, status: c.status, executionStatus: c.executionStatus })),
    };
  }
  return out;
}
