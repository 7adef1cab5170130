import type { Writable } from 'node:stream';

/** The terminal as the CLI sees it; tests pass their own. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdinIsTty: boolean;
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/** A reader that went away (`| head`, a closed RMM console) must not stop a repair halfway: its output is dropped. */
function dropWhenReaderGone(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!READER_GONE.has(error.code ?? '')) throw error;
  });
}

export function processIo(): CliIo {
  dropWhenReaderGone(process.stdout);
  dropWhenReaderGone(process.stderr);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTty: Boolean(process.stdin.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    env: process.env,
    platform: process.platform,
  };
}

/** Human text goes to stderr when stdout carries JSON; otherwise to stdout. */
export function humanStream(io: CliIo, json: boolean): Writable {
  return json ? io.stderr : io.stdout;
}

export function useColour(io: CliIo): boolean {
  return io.stderrIsTty && !('NO_COLOR' in io.env);
}
