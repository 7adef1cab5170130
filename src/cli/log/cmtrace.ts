/** CMTrace's three line types: 1 information, 2 warning, 3 error. */
export type Severity = 'info' | 'warning' | 'error';

export interface StoryEvent {
  severity: Severity;
  /** CMTrace's component column: the step id, or "catroot-repair" for the run as a whole. */
  component: string;
  message: string;
}

/** When a line is written: the local time and the time zone bias, as Date.getTimezoneOffset gives it (minutes WEST of UTC: +420 for UTC-7). */
export interface LineTime {
  at: Date;
  biasMinutes: number;
}

const TYPE: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** CMTrace ends a message at the first `]LOG]!>`, and a line at a line break: neither may stay in the text. */
function escapeMessage(message: string): string {
  return message.replaceAll(']LOG]!>', ']LOG]!&gt;').replace(/\r\n|\r|\n/g, ' | ');
}

/** An attribute is quoted with "; a quote inside would end it early. */
const attribute = (value: string) => value.replaceAll('"', "'").replace(/[\r\n]/g, ' ');

/** One CMTrace line (no line break): the local wall clock of `at` shifted by its bias, so it needs no time zone of its own. */
export function cmtraceLine(event: StoryEvent, time: LineTime, thread: number): string {
  const local = new Date(time.at.getTime() - time.biasMinutes * 60_000);
  const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}`;
  const bias = `${time.biasMinutes < 0 ? '-' : '+'}${Math.abs(time.biasMinutes)}`;
  const date = `${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}-${local.getUTCFullYear()}`;
  return (
    `<![LOG[${escapeMessage(event.message)}]LOG]!>` +
    `<time="${clock}${bias}" date="${date}" component="${attribute(event.component)}" context="" type="${TYPE[event.severity]}" thread="${thread}" file="">`
  );
}
