import type { ProgressLine } from '../engine/step-words.js';
import { fmt } from '../numbers.js';
import { useColour, type CliIo } from './io.js';
import type { Writable } from 'node:stream';

export interface ProgressView {
  update(p: ProgressLine): void;
  stop(): void;
}

/** Below this width (or with none known) a spinner cannot redraw its line: ora loops on a 0-column pty. */
export const MIN_SPINNER_COLUMNS = 20;

/** The width the terminal reports; a pty with no window size reports 0 or nothing. */
const columnsOf = (stream: Writable) => (stream as Writable & { columns?: unknown }).columns;

const text = (p: ProgressLine) => `${p.label} ${fmt(p.done)} / ${fmt(p.total)}`;

/** A spinner on a terminal of a known, sane width; plain lines otherwise (a step change, or another tenth done). */
export async function progressView(io: CliIo, out: Writable): Promise<ProgressView> {
  const columns = columnsOf(io.stderr);
  if (useColour(io) && typeof columns === 'number' && columns >= MIN_SPINNER_COLUMNS) {
    const { default: ora } = await import('ora');
    const spinner = ora({ stream: io.stderr }).start('starting');
    return {
      update: (p) => void (spinner.text = text(p)),
      stop: () => void spinner.stop(),
    };
  }
  let lastLabel = '';
  let lastTenth = -1;
  return {
    update(p) {
      const tenth = Math.floor((p.done * 10) / Math.max(1, p.total));
      if (p.label === lastLabel && tenth === lastTenth) return;
      lastLabel = p.label;
      lastTenth = tenth;
      out.write(`  ${text(p)}\n`);
    },
    stop: () => undefined,
  };
}
