// Services AWS has shut down, is shutting down, or keeps in maintenance mode (from AWS's
// end-of-support announcements). Deploying their resource types fails or soon will.
export type Lifecycle = { rule: 'E3710'; shutDown: string } | { rule: 'W3696'; shutDown?: string } | { rule: 'W3697'; since: string };

const BY_PREFIX: [string, Lifecycle][] = [
  ['AWS::IoTAnalytics::', { rule: 'E3710', shutDown: '2025-12-15' }],
  ['AWS::OpsWorks::', { rule: 'E3710', shutDown: '2024-05-26' }],
  ['AWS::AppMesh::', { rule: 'W3696', shutDown: '2026-09-30' }],
  ['AWS::Greengrass::', { rule: 'W3696', shutDown: '2026-10-01' }],
  ['AWS::WAFRegional::', { rule: 'W3696' }],
  ['AWS::AutoScaling::LaunchConfiguration', { rule: 'W3697', since: '2024-10-01' }],
];

/** The lifecycle state of a resource type's service, if it is not simply available. */
export function lifecycleOf(type: string): Lifecycle | undefined {
  return BY_PREFIX.find(([p]) => (p.endsWith('::') ? type.startsWith(p) : type === p))?.[1];
}

/** The message cfn-lint gives for a type in this state. */
export function lifecycleMessage(type: string, l: Lifecycle): string {
  switch (l.rule) {
    case 'E3710':
      return `Resource type '${type}' is from a service that was shut down on ${l.shutDown}`;
    case 'W3696':
      return l.shutDown
        ? `Resource type '${type}' is from a service that will be shut down on ${l.shutDown}. Plan to migrate to an alternative`
        : `Resource type '${type}' is from a service that is sunsetting`;
    case 'W3697':
      return `Resource type '${type}' is from a service in maintenance mode since ${l.since}. Consider migrating to an alternative`;
  }
}
