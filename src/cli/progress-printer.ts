// Renders the engine's typed progress events as lines: colour on a TTY, plain for CI and pipes.
// With --json the printer is silent and the command prints one JSON document at the end.
import type { EventSink, PipelineEvent } from '../pipeline/index.js';
import { sayCodeOnce, withProfileHint } from './error-report.js';

export interface PrinterOptions {
  write: (text: string) => void;
  color: boolean;
  /** Show every resource event (default: only failures and stack-level lines). */
  verbose: boolean;
  /** The process environment, for hints in error messages (AWS_PROFILE). */
  env?: Readonly<Record<string, string | undefined>>;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;

function outcomeColor(outcome: string): keyof typeof CODES {
  if (/fail|drifted|rejected/.test(outcome)) return 'red';
  if (/skipped|no-stack|pending|warn/.test(outcome)) return 'yellow';
  if (/no-changes/.test(outcome)) return 'dim';
  return 'green';
}

export function createPrinter(options: PrinterOptions): EventSink {
  const paint = (color: keyof typeof CODES, text: string) => (options.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text);
  const where = (e: { stage?: string; region?: string; stack?: string }) =>
    [e.stage?.padEnd(8), e.region?.padEnd(14), e.stack].filter((x) => x !== undefined).join(' ');
  const line = (text: string) => options.write(`${text}\n`);
  // Messages from the engine may repeat an error's code, or drop the profile the SDK could not use.
  const said = (text: string) => withProfileHint(sayCodeOnce(text), options.env ?? {});

  return (runId: string, event: PipelineEvent) => {
    switch (event.type) {
      case 'run-started':
        line(paint('bold', `▶ run ${runId} of ${event.pipeline} at ${event.commit.slice(0, 12)}${event.resumed ? ' (resumed)' : ''}`));
        break;
      case 'stage-started':
        if (event.stack && options.verbose) line(`  ${paint('blue', '…')} ${where(event)}`);
        break;
      case 'stage-finished':
        line(`  ${paint(outcomeColor(event.outcome), event.outcome.padEnd(11))} ${where(event)}${event.summary ? paint('dim', `  ${event.summary}`) : ''}`);
        for (const detail of event.details ?? []) {
          const tint = /REPLACEMENT|IAM|security group|expected/.test(detail) ? 'yellow' : 'dim';
          line(`      ${paint(tint, detail)}`);
        }
        break;
      case 'resource': {
        const failed = event.status.endsWith('_FAILED');
        if (!failed && !options.verbose) break;
        const text = `${event.logicalId} ${event.resourceType} ${event.status}${event.reason ? `: ${event.reason}` : ''}`;
        line(`    ${paint(failed ? 'red' : 'dim', text)}  ${paint('dim', `${event.region} ${event.stack}`)}`);
        break;
      }
      case 'log':
        if (event.level !== 'info' || options.verbose) line(`  ${paint(event.level === 'error' ? 'red' : 'yellow', event.level)} ${said(event.message)}`);
        break;
      case 'awaiting-approval':
        line(paint('yellow', `⏸ run ${runId} awaits approval until ${event.timeoutAt}${event.approvers.length ? ` by one of ${event.approvers.join(', ')}` : ''}`));
        line(`  meridian approve ${runId} --comment "..."   |   meridian reject ${runId} --comment "..."`);
        break;
      case 'approval':
        line(paint(event.decision === 'approved' ? 'green' : 'red', `  ${event.decision} by ${event.by}${event.comment ? `: ${event.comment}` : ''}`));
        break;
      case 'run-finished':
        line(paint(outcomeColor(event.status), `■ run ${runId} ${event.status}${event.reason ? `: ${said(event.reason)}` : ''}`));
        break;
    }
  };
}
