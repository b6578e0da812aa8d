// CloudWatch alarms over awsJson1.0 in query-compatible mode (X-Amz-Target
// GraniteServiceVersion20100801.*), which is what SDK v3 and the AWS CLI send today.
import { AwsError } from '../../contract.js';
import type { Clock, JsonService, RequestContext, StatefulService } from '../../contract.js';
import type { Alarm, StateValue } from './backend.js';
import { CloudWatchBackend, STATE_VALUES } from './backend.js';

type Input = Record<string, unknown>;
type Handler = (input: Input, ctx: RequestContext) => unknown;

const COMPARISONS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold', 'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

function memberName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function validation(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

function required(input: Input, key: string): string {
  const value = input[key];
  if (typeof value === 'string') return value;
  throw validation(`1 validation error detected: Value null at '${memberName(key)}' failed to satisfy constraint: Member must not be null`);
}

function lengthBetween(key: string, value: string, min: number, max: number): void {
  if (value.length < min || value.length > max) {
    throw validation(`1 validation error detected: Value '${value}' at '${memberName(key)}' failed to satisfy constraint: Member must have length between ${min} and ${max}`);
  }
}

function oneOf(input: Input, key: string, allowed: readonly string[]): void {
  const value = input[key];
  if (value !== undefined && !allowed.includes(String(value))) {
    throw validation(`1 validation error detected: Value '${String(value)}' at '${memberName(key)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
}

function names(input: Input, key: string): string[] {
  const value = input[key];
  return Array.isArray(value) ? value.map(String) : [];
}

/** CloudWatch: PutMetricAlarm, DescribeAlarms, SetAlarmState, DeleteAlarms. */
export class CloudWatchService implements JsonService, StatefulService {
  readonly name = 'cloudwatch';
  readonly targetPrefix = 'GraniteServiceVersion20100801';
  readonly jsonVersion = '1.0';
  readonly queryCompatible = true;
  readonly backend: CloudWatchBackend;
  private readonly handlers: Record<string, Handler>;

  constructor(clock: Clock) {
    this.backend = new CloudWatchBackend(clock);
    this.handlers = {
      PutMetricAlarm: (i, c) => this.putMetricAlarm(i, c),
      DescribeAlarms: (i, c) => this.describeAlarms(i, c),
      SetAlarmState: (i, c) => this.setAlarmState(i, c),
      DeleteAlarms: (i, c) => {
        const list = names(i, 'AlarmNames');
        if (list.length > 100) throw validation(`1 validation error detected: Value '[${list.join(', ')}]' at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100`);
        this.backend.delete(c.account, c.region, list);
        return {};
      },
    };
  }

  async handle(operation: string, input: Input, ctx: RequestContext): Promise<unknown> {
    const handler = this.handlers[operation];
    if (!handler) throw new AwsError('InvalidAction', `${operation} is not implemented by localcloud`);
    return handler(input, ctx);
  }

  private putMetricAlarm(i: Input, c: RequestContext): unknown {
    const name = required(i, 'AlarmName');
    lengthBetween('AlarmName', name, 1, 255);
    oneOf(i, 'ComparisonOperator', COMPARISONS);
    oneOf(i, 'Statistic', STATISTICS);
    if (i.Statistic !== undefined && i.ExtendedStatistic !== undefined) {
      throw new AwsError('InvalidParameterCombination', 'Exactly one element of the statistics parameter must be specified.');
    }
    if (i.Metrics !== undefined && i.MetricName !== undefined) {
      throw new AwsError('InvalidParameterCombination', 'MetricName and Metrics cannot be specified together.');
    }
    if (typeof i.EvaluationPeriods === 'number' && i.EvaluationPeriods < 1) {
      throw validation(`1 validation error detected: Value '${i.EvaluationPeriods}' at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    }
    const { AlarmName: _name, Tags: tags, ...config } = i;
    const tagList = Array.isArray(tags) ? (tags as { Key: string; Value: string }[]).map((t) => ({ Key: String(t.Key), Value: String(t.Value) })) : [];
    this.backend.put(c.account, c.region, name, config, tagList);
    return {};
  }

  private describeAlarms(i: Input, c: RequestContext): unknown {
    const wanted = names(i, 'AlarmNames');
    const prefix = typeof i.AlarmNamePrefix === 'string' ? i.AlarmNamePrefix : undefined;
    if (wanted.length > 0 && prefix !== undefined) {
      throw new AwsError('InvalidParameterCombination', 'AlarmNames and AlarmNamePrefix cannot be specified together.');
    }
    oneOf(i, 'StateValue', STATE_VALUES);
    const limit = typeof i.MaxRecords === 'number' ? i.MaxRecords : 50;
    if (limit < 1 || limit > 100) {
      throw validation(`1 validation error detected: Value '${limit}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`);
    }
    // Only metric alarms exist here; asking only for composite alarms finds none.
    const types = names(i, 'AlarmTypes');
    const metric = types.length === 0 || types.includes('MetricAlarm');
    const actionPrefix = typeof i.ActionPrefix === 'string' ? i.ActionPrefix : undefined;
    const matching = [...this.backend.store(c.account, c.region).values()]
      .filter((a) => metric && (wanted.length === 0 || wanted.includes(a.name)) && (prefix === undefined || a.name.startsWith(prefix)))
      .filter((a) => i.StateValue === undefined || a.state === i.StateValue)
      .filter((a) => actionPrefix === undefined || names(a.config, 'AlarmActions').some((arn) => arn.startsWith(actionPrefix)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const start = this.pageStart(i.NextToken, matching);
    const page = matching.slice(start, start + limit);
    const next = start + limit < matching.length ? Buffer.from((page.at(-1) as Alarm).name, 'utf8').toString('base64url') : undefined;
    return { MetricAlarms: page.map((a) => this.render(a)), CompositeAlarms: [], NextToken: next };
  }

  /** A token names the last alarm of the previous page, so deletions between pages do not shift it. */
  private pageStart(token: unknown, sorted: Alarm[]): number {
    if (token === undefined) return 0;
    const after = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
    if (!after) throw new AwsError('InvalidNextToken', 'The service returned an error with Error Code InvalidNextToken.');
    const index = sorted.findIndex((a) => a.name > after);
    return index < 0 ? sorted.length : index;
  }

  private setAlarmState(i: Input, c: RequestContext): unknown {
    const name = required(i, 'AlarmName');
    const state = required(i, 'StateValue');
    oneOf(i, 'StateValue', STATE_VALUES);
    const reason = required(i, 'StateReason');
    lengthBetween('StateReason', reason, 0, 1023);
    const data = typeof i.StateReasonData === 'string' ? i.StateReasonData : undefined;
    if (data !== undefined) {
      try {
        JSON.parse(data);
      } catch {
        throw new AwsError('InvalidFormat', 'StateReasonData is not valid JSON.');
      }
    }
    this.backend.setState(c.account, c.region, name, state as StateValue, reason, data);
    return {};
  }

  /** awsJson1.0 timestamps are epoch seconds. */
  private render(a: Alarm): unknown {
    return {
      AlarmName: a.name,
      AlarmArn: a.arn,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [],
      InsufficientDataActions: [],
      Dimensions: [],
      ...a.config,
      AlarmConfigurationUpdatedTimestamp: a.configUpdated / 1000,
      StateValue: a.state,
      StateReason: a.stateReason,
      StateReasonData: a.stateReasonData,
      StateUpdatedTimestamp: a.stateUpdated / 1000,
      StateTransitionedTimestamp: a.stateTransitioned / 1000,
    };
  }

  reset(): void {
    this.backend.reset();
  }

  snapshot(): unknown {
    return Object.fromEntries([...this.backend.stores].map(([id, store]) => [id, [...store.values()]]));
  }

  restore(state: unknown): void {
    this.backend.reset();
    for (const [id, alarms] of Object.entries((state ?? {}) as Record<string, Alarm[]>)) {
      this.backend.stores.set(id, new Map(alarms.map((a) => [a.name, a])));
    }
  }

  /** Alarms per account x region, for GET /_localcloud/state. */
  state(): Record<string, Record<string, unknown[]>> {
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const [id, store] of this.backend.stores) {
      const [account = '', region = ''] = id.split('/');
      if (store.size === 0) continue;
      (out[account] ??= {})[region] = [...store.values()].map((a) => ({ name: a.name, state: a.state, stateReason: a.stateReason }));
    }
    return out;
  }
}
