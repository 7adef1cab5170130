import { describe, expect, it } from 'vitest';
import { assertCanAsk, type CliIo } from '../../src/cli/io.js';
import { BadInputError } from '../../src/errors.js';

const io = (stdinIsTty: boolean, stderrIsTty: boolean) => ({ stdinIsTty, stderrIsTty }) as CliIo;

describe('a question is asked only where someone can see it and answer', () => {
  it.each([
    ['a terminal on stdin and stderr', true, true, undefined],
    ['no terminal at all (RMM, CI)', false, false, /no terminal to ask on, and --yes/],
    ['stderr redirected to a file (questions would go there, unseen)', true, false, /stderr is not a terminal/],
    ['stdin from a pipe', false, true, /no terminal to ask on, and --yes/],
  ])('%s', (_name, stdin, stderr, refusal) => {
    if (!refusal) expect(() => assertCanAsk(io(stdin, stderr))).not.toThrow();
    else {
      expect(() => assertCanAsk(io(stdin, stderr))).toThrow(BadInputError);
      expect(() => assertCanAsk(io(stdin, stderr))).toThrow(refusal);
    }
  });
});
