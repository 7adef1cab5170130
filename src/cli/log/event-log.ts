import { join } from 'node:path';
import type { ProcessRunner } from '../../platform/processes.js';
import type { OutcomeEvent } from './event-ids.js';

export const EVENT_SOURCE = 'catroot-repair';
const EVENTCREATE_TIMEOUT_MS = 30_000;
/** eventcreate's /D has a limit of its own; the CMTrace log keeps the whole story. */
const MAX_TEXT = 1000;

/** eventcreate's command line for one outcome, in the Application log: arguments, never a shell line. */
export function eventcreateArgs(event: OutcomeEvent, text: string): string[] {
  const description = text.replace(/[\r\n]+/g, ' ').slice(0, MAX_TEXT);
  return ['/L', 'APPLICATION', '/SO', EVENT_SOURCE, '/T', event.type, '/ID', String(event.id), '/D', description];
}

/** Writes the event; resolves with why it could not (never rejects): a log that fails never fails the repair. */
export async function writeOutcomeEvent(processes: ProcessRunner, windir: string, event: OutcomeEvent, text: string): Promise<string | undefined> {
  const program = join(windir, 'System32', 'eventcreate.exe');
  try {
    const result = await processes.run(program, eventcreateArgs(event, text), { timeoutMs: EVENTCREATE_TIMEOUT_MS });
    if (result.exitCode === 0) return undefined;
    return result.notStarted ?? (result.timedOut ? 'it timed out' : `exit code ${result.exitCode}`);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
