import type { Writable } from 'node:stream';
import type { ProcessRunner } from '../../platform/processes.js';
import type { RotatingLog } from '../../platform/log-file.js';
import { cmtraceLine, type LineTime, type Severity } from './cmtrace.js';
import { outcomeEvent, type RunResult } from './event-ids.js';
import { writeOutcomeEvent } from './event-log.js';

/** Where a run's story goes once the system is known: a CMTrace file, and online the Application log. */
export interface StoryTarget {
  file?: { path: string; log: RotatingLog };
  eventLog?: { processes: ProcessRunner; windir: string };
}

export const COMPONENT = 'catroot-repair';

/**
 * The run's story for fleet tools (CMTrace, the Event Log). Nothing here can fail the run: a line that cannot
 * be written is said once on stderr, and the rest of the story is dropped.
 */
export class RunStory {
  private target: StoryTarget = {};
  private written: Promise<void> = Promise.resolve();
  private fileFailed = false;
  private result: RunResult | undefined;
  private failure: string | undefined;

  constructor(
    private readonly stderr: Writable,
    private readonly now: () => LineTime,
    private readonly thread: number,
  ) {}

  open(target: StoryTarget): void {
    this.target = target;
  }

  /** How the run ended, when the command knows more than its exit code says. */
  ended(result: RunResult): void {
    this.result = result;
  }

  /** The error that ended the run, for its last line and event. */
  failed(message: string): void {
    this.failure = message;
  }

  event(severity: Severity, component: string, message: string): void {
    const file = this.target.file;
    if (!file || this.fileFailed) return;
    const line = `${cmtraceLine({ severity, component, message }, this.now(), this.thread)}\r\n`;
    this.written = this.written.then(() =>
      file.log.append(line).catch((error: unknown) => {
        if (this.fileFailed) return;
        this.fileFailed = true;
        this.stderr.write(
          `note: the log ${file.path} cannot be written (${error instanceof Error ? error.message : String(error)}); the run goes on without it\n`,
        );
      }),
    );
  }

  /** The last line and, online, the one Application log event; waits for both. */
  async end(exitCode: number): Promise<void> {
    const outcome = outcomeEvent(exitCode, this.result);
    const text = `Exit code ${exitCode}: ${outcome.meaning}${this.failure ? `: ${this.failure}` : ''}`;
    this.event(outcome.type === 'ERROR' ? 'error' : outcome.type === 'WARNING' ? 'warning' : 'info', COMPONENT, `Run ended. ${text}`);
    await this.written;
    const eventLog = this.target.eventLog;
    if (!eventLog) return;
    const why = await writeOutcomeEvent(eventLog.processes, eventLog.windir, outcome, text);
    if (why) this.stderr.write(`note: the Application log event could not be written (${why}); the run's outcome is unchanged\n`);
  }
}

export const realLineTime = (): LineTime => {
  const at = new Date();
  return { at, biasMinutes: at.getTimezoneOffset() };
};
