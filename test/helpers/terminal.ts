import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';

/** A terminal for the wizard: stdin and stderr are TTYs; `text` is everything shown, `stdoutText` stdout alone. */
export function terminal(): CliIo & { text: () => string; stdoutText: () => string } {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const all: string[] = [];
  const out: string[] = [];
  stdout.on('data', (c) => (all.push(String(c)), out.push(String(c))));
  stderr.on('data', (c) => all.push(String(c)));
  return {
    stdout,
    stderr,
    stdinIsTty: true,
    stderrIsTty: true,
    env: { NO_COLOR: '1' },
    platform: 'linux',
    invokedAs: 'catroot-repair',
    text: () => all.join(''),
    stdoutText: () => out.join(''),
  };
}
