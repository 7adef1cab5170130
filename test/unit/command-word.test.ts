import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commandWord } from '../../src/cli/command-word.js';
import type { CliIo } from '../../src/cli/io.js';
import { program } from '../../src/cli/options.js';

const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdinIsTty: false, stderrIsTty: false, env: {}, platform: 'linux', invokedAs: 'x' } as CliIo;

describe('the command a command line names, before its options are checked', () => {
  it.each([
    [['detect', '--bogus'], 'detect'],
    [['--root', '/mnt/sbs', 'detect', '--yes'], 'detect'],
    [['--root', 'detect', '--bogus'], undefined],
    [['--state-dir', 'detect', '--root', '/mnt', 'status'], 'status'],
    [['--root=/mnt/sbs', 'detect'], 'detect'],
    [['--yes', '--json', 'diagnose'], 'diagnose'],
    [['--root', '/mnt/sbs', '--yes'], undefined],
    [['--', 'detect'], 'detect'],
  ])('%j: %s', (argv, word) => expect(commandWord(program(io), argv)).toBe(word));
});
