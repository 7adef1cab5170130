import { CommanderError } from 'commander';
import { CatrootError } from '../errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { type CliIo } from './io.js';
import { parseOptions, type CliOptions } from './options.js';

/** Runs one command line and returns its exit code; the only caller of process.exit is main.ts. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions | undefined;
  try {
    options = parseOptions(argv, io);
    const { runCommand } = await import('./commands/index.js');
    return await runCommand(options, io);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof Error && error.name === 'ExitPromptError') {
      io.stderr.write('\ncatroot-repair: cancelled at a question; nothing was changed.\n');
      return EXIT.cancelled;
    }
    return reportError(error, io, options);
  }
}

function reportError(error: unknown, io: CliIo, options: CliOptions | undefined): number {
  const code = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof CatrootError ? error.hint : undefined;
  io.stderr.write(`catroot-repair: ${message}\n${hint ? `  ${hint}\n` : ''}`);
  if (options?.verbose) {
    for (let cause = error instanceof Error ? error.cause : undefined; cause; cause = cause instanceof Error ? cause.cause : undefined) {
      io.stderr.write(`  caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    }
  }
  if (options?.json) io.stdout.write(`${JSON.stringify({ ok: false, exitCode: code, error: { type: error instanceof Error ? error.name : 'Error', message, hint } }, null, 2)}\n`);
  return code;
}
