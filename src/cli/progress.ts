import type { EngineProgress } from '../engine/apply.js';
import { useColour, type CliIo } from './io.js';
import type { Writable } from 'node:stream';

export interface ProgressView {
  update(p: EngineProgress): void;
  stop(): void;
}

const LABEL: Record<string, string> = {
  'move-catalogs': 'moving catalogs',
  backup: 'writing manifest',
  'rename-catroot2': 'renaming catroot2',
  'stop-cryptsvc': 'stopping CryptSvc',
  'start-cryptsvc': 'starting CryptSvc',
  'restore-kb912354': 'copying KB912354.CAT back',
  'retry-sp2': 'running the service pack',
};

// 100,000 with commas, without toLocaleString, whose first call loads ICU data (about 30 ms).
export const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Below this width (or with none known) a spinner cannot redraw its line: ora loops on a 0-column pty. */
export const MIN_SPINNER_COLUMNS = 20;

/** The width the terminal reports; a pty with no window size reports 0 or nothing. */
const columnsOf = (stream: Writable) => (stream as Writable & { columns?: unknown }).columns;

/** A spinner on a terminal of a known, sane width; plain lines otherwise (a step change, or another tenth done). */
export async function progressView(io: CliIo, out: Writable): Promise<ProgressView> {
  const columns = columnsOf(io.stderr);
  if (useColour(io) && typeof columns === 'number' && columns >= MIN_SPINNER_COLUMNS) {
    const { default: ora } = await import('ora');
    const spinner = ora({ stream: io.stderr }).start('starting');
    return {
      update: (p) => void (spinner.text = `${p.phase === 'rollback' ? 'rolling back: ' : ''}${LABEL[p.step] ?? p.step} ${fmt(p.done)} / ${fmt(p.total)}`),
      stop: () => void spinner.stop(),
    };
  }
  let lastStep = '';
  let lastTenth = -1;
  return {
    update(p) {
      const tenth = Math.floor((p.done * 10) / Math.max(1, p.total));
      if (p.step === lastStep && tenth === lastTenth) return;
      lastStep = p.step;
      lastTenth = tenth;
      out.write(`  ${p.phase === 'rollback' ? 'rolling back: ' : ''}${LABEL[p.step] ?? p.step} ${fmt(p.done)} / ${fmt(p.total)}\n`);
    },
    stop: () => undefined,
  };
}
