// localcloud's CloudFormation service (Query protocol, API version 2010-05-15).
import type { Clock, QueryParams, QueryService, RequestContext, S3Port, SsmPort, StatefulService, XmlValue } from '../../contract.js';
import { AwsError } from '../../contract.js';

export interface CloudFormationDeps {
  clock: Clock;
  s3: S3Port;
  ssm: SsmPort;
  /** How long each simulated resource operation takes on `clock`. */
  latencyMs: number;
  /** Seeds generated physical ids so runs are reproducible. */
  seed: number;
}

export type CloudFormationService = QueryService &
  StatefulService & {
    injectFault(spec: unknown): void;
    clearFaults(): void;
    editLive(spec: unknown): void;
    state(): unknown;
  };

export function createCloudFormationService(_deps: CloudFormationDeps): CloudFormationService {
  return {
    name: 'cloudformation',
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    handle(action: string, _params: QueryParams, _ctx: RequestContext): Promise<XmlValue> {
      return Promise.reject(new AwsError('InvalidAction', `Could not find operation ${action}`));
    },
    reset() {},
    snapshot() {
      return {};
    },
    restore() {},
    injectFault() {},
    clearFaults() {},
    editLive() {},
    state() {
      return {};
    },
  };
}
