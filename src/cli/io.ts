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

export function processIo(): CliIo {
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
