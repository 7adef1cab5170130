import type { Writable } from 'node:stream';
import { BadInputError } from '../errors.js';
import { invokedAs, launchOf } from './invocation.js';
import type { RunStory } from './log/story.js';

/** The terminal as the CLI sees it; tests pass their own. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdinIsTty: boolean;
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The words that start this tool the way the admin started it ("catroot-repair", "node C:\\...\\main.js"): printed commands begin with them. */
  invokedAs: string;
  /** Where a repair or rollback tells its story (--log, the Event Log); run() gives each command line one. */
  story?: RunStory;
}

const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/** A reader that went away (`| head`, a closed RMM console) must not stop a repair halfway: its output is dropped. */
function dropWhenReaderGone(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!READER_GONE.has(error.code ?? '')) throw error;
  });
}

/** `singleExecutable`: catroot-repair.exe, whose path is its command. */
export function processIo(singleExecutable = false): CliIo {
  dropWhenReaderGone(process.stdout);
  dropWhenReaderGone(process.stderr);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTty: Boolean(process.stdin.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    env: process.env,
    platform: process.platform,
    invokedAs: invokedAs(launchOf({ execPath: process.execPath, script: process.argv[1], env: process.env, platform: process.platform, singleExecutable })),
  };
}

/** Human text goes to stderr when stdout carries JSON; otherwise to stdout. */
export function humanStream(io: CliIo, json: boolean): Writable {
  return json ? io.stderr : io.stdout;
}

export function useColour(io: CliIo): boolean {
  return io.stderrIsTty && !('NO_COLOR' in io.env);
}

/**
 * Questions need a keyboard (stdin) and a screen that is not stdout (stderr): stdout may be a file that
 * holds the --json document. Without both, the tool never waits for an answer nobody can see.
 */
export function assertCanAsk(io: CliIo, hint = 'Add --yes for unattended runs (RMM, SCCM/Intune, Ansible).'): void {
  if (io.stdinIsTty && io.stderrIsTty) return;
  throw new BadInputError(`no terminal to ask on${io.stdinIsTty ? ' (stderr is not a terminal)' : ''}, and --yes was not given; nothing was changed`, hint);
}
