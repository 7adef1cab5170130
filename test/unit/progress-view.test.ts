import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { progressView } from '../../src/cli/progress.js';

/** A terminal on stderr that reports `columns`, as a pty without a window size reports 0 (or nothing). */
function terminal(columns: number | undefined): { io: CliIo; out: PassThrough; lines: () => string } {
  const done = () => true;
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns, cursorTo: done, moveCursor: done, clearLine: done, clearScreenDown: done });
  stderr.resume();
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  const io: CliIo = { stdout: new PassThrough(), stderr, stdinIsTty: true, stderrIsTty: true, env: {}, platform: 'linux', invokedAs: 'catroot-repair' };
  return { io, out, lines: () => chunks.join('') };
}

describe('the progress view on a terminal', () => {
  it.each([
    ['0 columns (a pty with no window size)', 'lines', 0],
    ['no column count', 'lines', undefined],
    ['10 columns', 'lines', 10],
    ['19 columns', 'lines', 19],
    ['20 columns', 'spinner', 20],
    ['80 columns', 'spinner', 80],
  ] as const)('%s -> %s', async (_name, kind, columns) => {
    const { io, out, lines } = terminal(columns);
    const view = await progressView(io, out);
    view.update({ label: 'moving catalogs', done: 2, total: 162 });
    view.stop();
    await new Promise((r) => setImmediate(r));
    expect(lines()).toBe(kind === 'lines' ? '  moving catalogs 2 / 162\n' : '');
  });
});
