// CloudWatch metric alarms per account x region: the configuration as PutMetricAlarm sent it, and a
// state that only SetAlarmState changes (localcloud has no metrics to evaluate).
import { AwsError } from '../../contract.js';
import type { Clock } from '../../contract.js';

export type StateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const STATE_VALUES: readonly StateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

export interface Alarm {
  name: string;
  arn: string;
  /** The PutMetricAlarm input without AlarmName and Tags, as sent. */
  config: Record<string, unknown>;
  tags: { Key: string; Value: string }[];
  state: StateValue;
  stateReason: string;
  stateReasonData?: string;
  /** Epoch milliseconds. */
  configUpdated: number;
  stateUpdated: number;
  stateTransitioned: number;
}

/** The SDK's model maps the Query code ResourceNotFound to HTTP 404. */
export function alarmNotFound(name: string): AwsError {
  return new AwsError('ResourceNotFound', `Alarm ${name} not found`, 404);
}

/** Alarms keyed by account, then region, then name. */
export class CloudWatchBackend {
  stores = new Map<string, Map<string, Alarm>>();

  constructor(private readonly clock: Clock) {}

  store(account: string, region: string): Map<string, Alarm> {
    const id = `${account}/${region}`;
    let store = this.stores.get(id);
    if (!store) this.stores.set(id, (store = new Map()));
    return store;
  }

  /**
   * Creates an alarm in INSUFFICIENT_DATA, or replaces an existing alarm's whole configuration and
   * leaves its state as it is (as AWS does on an update).
   */
  put(account: string, region: string, name: string, config: Record<string, unknown>, tags: { Key: string; Value: string }[]): Alarm {
    const store = this.store(account, region);
    const now = this.clock.now();
    const existing = store.get(name);
    if (existing) {
      existing.config = config;
      existing.configUpdated = now;
      for (const tag of tags) existing.tags = [...existing.tags.filter((t) => t.Key !== tag.Key), tag];
      return existing;
    }
    const alarm: Alarm = {
      name,
      arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`,
      config,
      tags,
      state: 'INSUFFICIENT_DATA',
      stateReason: 'Unchecked: Initial alarm creation',
      configUpdated: now,
      stateUpdated: now,
      stateTransitioned: now,
    };
    store.set(name, alarm);
    return alarm;
  }

  setState(account: string, region: string, name: string, state: StateValue, reason: string, reasonData: string | undefined): void {
    const alarm = this.store(account, region).get(name);
    if (!alarm) throw alarmNotFound(name);
    const now = this.clock.now();
    if (alarm.state !== state) alarm.stateTransitioned = now;
    alarm.state = state;
    alarm.stateReason = reason;
    alarm.stateReasonData = reasonData;
    alarm.stateUpdated = now;
  }

  /** Deletes the named alarms; names that do not exist are passed over. */
  delete(account: string, region: string, names: string[]): void {
    const store = this.store(account, region);
    for (const name of names) store.delete(name);
  }

  reset(): void {
    this.stores.clear();
  }
}
