// CloudWatch alarm states, for the bake gate between rollout waves.
// The client pool has no CloudWatch client; one is made per region's clients from the same
// endpoint, region and credentials as its CloudFormation client, so it reaches the same place
// (AWS, localcloud, LocalStack) as the account x region it watches.
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricAlarm, CompositeAlarm } from '@aws-sdk/client-cloudwatch';
import type { CloudTarget, RegionClients } from './clients.js';
import { clientsOf, send, type CloudDeps } from './cloud-deps.js';

/** An alarm's state; MISSING when no alarm of that name exists in the target. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'MISSING';

export interface AlarmStatus {
  /** The name or ARN as the caller gave it. */
  alarm: string;
  name: string;
  state: AlarmState;
  reason?: string;
  /** ISO time of the last state update. */
  updatedAt?: string;
}

const cloudwatchClients = new WeakMap<RegionClients['cloudformation'], CloudWatchClient>();

function cloudwatchOf(clients: RegionClients): CloudWatchClient {
  const cf = clients.cloudformation;
  let cw = cloudwatchClients.get(cf);
  if (!cw) {
    const { region, credentials, endpoint } = cf.config;
    cw = new CloudWatchClient({ region, credentials, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
    cloudwatchClients.set(cf, cw);
  }
  return cw;
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` → name; anything else is a name already. */
export function alarmNameOf(alarm: string): string {
  const match = /^arn:[\w-]+:cloudwatch:[^:]*:\d*:alarm:(.+)$/.exec(alarm);
  return match?.[1] ?? alarm;
}

const PAGE = 100;

/** The state of each named alarm (names or ARNs) in one account x region, in the order given. */
export async function alarmStates(deps: CloudDeps, target: CloudTarget, alarms: readonly string[]): Promise<AlarmStatus[]> {
  const cw = cloudwatchOf(clientsOf(deps, target));
  const found = new Map<string, MetricAlarm | CompositeAlarm>();
  const names = [...new Set(alarms.map(alarmNameOf))];
  for (let i = 0; i < names.length; i += PAGE) {
    const chunk = names.slice(i, i + PAGE);
    let token: string | undefined;
    // Bounded: each page holds at least one of the chunk's alarms.
    for (let pages = 0; pages <= chunk.length; pages++) {
      const out = await send(deps, () => cw.send(new DescribeAlarmsCommand({ AlarmNames: chunk, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token })));
      for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) if (a.AlarmName) found.set(a.AlarmName, a);
      token = out.NextToken;
      if (!token) break;
    }
  }
  return alarms.map((alarm) => {
    const name = alarmNameOf(alarm);
    const a = found.get(name);
    if (!a) return { alarm, name, state: 'MISSING' };
    return { alarm, name, state: (a.StateValue ?? 'INSUFFICIENT_DATA') as AlarmState, reason: a.StateReason, updatedAt: a.StateUpdatedTimestamp?.toISOString() };
  });
}
