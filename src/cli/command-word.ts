import type { Command } from 'commander';

/**
 * The command a command line names, read without checking its options (they may be what failed): the first
 * word that is not the value of an option. Undefined: the repair (no command).
 */
export function commandWord(parser: Command, argv: readonly string[]): string | undefined {
  const takesValue = new Set(parser.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-')) return arg;
    if (takesValue.has(arg)) i++;
  }
  return undefined;
}
