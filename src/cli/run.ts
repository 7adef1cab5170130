import { CommanderError } from 'commander';
import { CancelledError, CatrootError } from '../errors.js';
import { EXIT, exitCodeFor, namedError } from './exit-codes.js';
import { type CliIo } from './io.js';
import { envelope, frameOf, openFrame } from './json-envelope.js';
import { realLineTime, RunStory } from './log/story.js';
import { detectErrorLine } from './detect-line.js';
import { parseOptions, program, type CliOptions } from './options.js';
import { commandWord } from './command-word.js';

/** Runs one command line and returns its exit code; the only caller of process.exit is main.ts. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const story = io.story ?? new RunStory(io.stderr, realLineTime, process.pid);
  const exitCode = await runOnce(argv, { ...io, story });
  // The story ends whatever the run did; a story that cannot be told never changes the exit code.
  await story.end(exitCode);
  return exitCode;
}

async function runOnce(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions | undefined;
  // With --json, stdout carries one JSON document whatever happens, even when the flags cannot be parsed.
  const json = argv.includes('--json');
  openFrame(io);
  // detect prints one line of JSON whatever happens, even when its options cannot be parsed.
  const detecting = () => (options ? options.command : commandWord(program(io), argv)) === 'detect';
  try {
    options = parseOptions(argv, json ? { ...io, stdout: io.stderr } : io);
    const { runCommand } = await import('./commands/index.js');
    return await runCommand(options, io);
  } catch (error) {
    io.story?.failed(error instanceof Error ? error.message : String(error));
    if (error instanceof CommanderError) {
      const code = reportParse(error, io, json && !detecting());
      if (code !== EXIT.ok && detecting()) io.stdout.write(detectErrorLine(code, 'UsageError', error.message.replace(/^error: /, '')));
      return code;
    }
    if (error instanceof Error && error.name === 'ExitPromptError') {
      // Ctrl-C at a question leaves the cursor on the question's line.
      io.stderr.write('\n');
      return reportError(new CancelledError('cancelled at a question (Ctrl-C); nothing was changed'), io, options?.json ?? json, false);
    }
    const named = namedError(error);
    const code = reportError(named, io, (options?.json ?? json) && !detecting(), options?.verbose ?? false);
    if (detecting())
      io.stdout.write(detectErrorLine(code, named instanceof Error ? named.name : 'Error', named instanceof Error ? named.message : String(named)));
    return code;
  }
}

/** Commander has already printed its message (help, version or the usage error) on the human stream. */
function reportParse(error: CommanderError, io: CliIo, json: boolean): number {
  const exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (!json) return exitCode;
  const message = error.message.replace(/^error: /, '');
  const version = error.code === 'commander.version' ? { version: message } : {};
  const doc = { ...envelope(exitCode, frameOf(io)), ...(exitCode === EXIT.ok ? version : { error: { type: 'UsageError', message } }) };
  io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return exitCode;
}

function reportError(error: unknown, io: CliIo, json: boolean, verbose: boolean): number {
  const code = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof CatrootError ? error.hint : undefined;
  io.stderr.write(`catroot-repair: ${message}\n${hint ? `  ${hint}\n` : ''}`);
  if (verbose) {
    for (let cause = error instanceof Error ? error.cause : undefined; cause; cause = cause instanceof Error ? cause.cause : undefined) {
      io.stderr.write(`  caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    }
  }
  if (json)
    io.stdout.write(
      `${JSON.stringify({ ...envelope(code, frameOf(io)), error: { type: error instanceof Error ? error.name : 'Error', message, hint } }, null, 2)}\n`,
    );
  return code;
}
