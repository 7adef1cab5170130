import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMAND_FLAGS } from '../../src/cli/command-flags.js';
import type { CliIo } from '../../src/cli/io.js';
import { parseOptions, program } from '../../src/cli/options.js';

const io = {
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdinIsTty: false,
  stderrIsTty: false,
  env: {},
  platform: 'linux',
  invokedAs: 'catroot-repair',
} as CliIo;

describe('which options each command takes', () => {
  it('every option of the parser is taken by some command (a new option must be put in COMMAND_FLAGS)', () => {
    const taken = new Set(Object.values(COMMAND_FLAGS).flatMap((c) => c.accepts));
    const options = program(io)
      .options.map((o) => o.attributeName())
      .filter((name) => name !== 'version');
    expect(options.filter((name) => !taken.has(name as never))).toEqual([]);
  });

  it.each([
    [['rollback'], 'rollback'],
    [['--rollback'], 'rollback'],
    [['rollback', '--rollback'], 'rollback'],
    [['--root', 'r', 'status'], 'status'],
    [['--root', 'r'], 'repair'],
  ])('%j is the %s command', (argv, command) => expect(parseOptions(argv, io).command).toBe(command));

  it.each([
    [['-y'], true],
    [['--yes'], true],
    [[], false],
  ])('%j: yes is %s', (argv, yes) => expect(parseOptions(['--root', 'r', ...argv], io).yes).toBe(yes));

  it.each([
    [['rollback', '--run', 'x', '--root', 'r'], undefined],
    [['verify', '--run', 'x', '--root', 'r'], undefined],
    [['--root', 'r', '--run', 'x'], /--run does nothing with repair \(it repairs\)/],
    [['demo', '--dir', 'd', '--dry-run'], undefined],
    [['demo', '--installer', 'sp2.exe'], /--installer does nothing with demo/],
    [['script', '--out', '-', '--json', '--verbose'], undefined],
    [['script', '--dry-run'], /--dry-run does nothing with script/],
    [['--root', 'r', '--installer-args', '/q', '--dry-run'], /does not go with --root/],
    [['--windir', 'w', '--installer', 'sp2.exe', '--dry-run'], undefined],
  ])('%j', (argv, refusal) => {
    if (refusal) expect(() => parseOptions(argv, io)).toThrow(refusal);
    else expect(() => parseOptions(argv, io)).not.toThrow();
  });
});
