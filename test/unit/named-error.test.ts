import { describe, expect, it } from 'vitest';
import { exitCodeFor, namedError } from '../../src/cli/exit-codes.js';
import * as errors from '../../src/errors.js';
import { RepairFailedError } from '../../src/errors.js';

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: operation failed`), { code, ...(path ? { path } : {}) });

describe('a raw system error that reaches the top gets plain words and its documented exit code', () => {
  it.each([
    ['EROFS', errno('EROFS', '/mnt/w/WINDOWS'), 2, /cannot write \/mnt\/w\/WINDOWS: the volume is read-only \(EROFS\)/],
    ['EACCES', errno('EACCES', '/mnt/w/WINDOWS/x'), 5, /cannot write \/mnt\/w\/WINDOWS\/x: not writable \(EACCES\)/],
    ['EPERM without a path', errno('EPERM'), 5, /cannot write the volume: not writable \(EPERM\)/],
    ['ENOSPC stays a failure', errno('ENOSPC'), 1603, /ENOSPC/],
    ['ENAMETOOLONG is bad input, before any change', errno('ENAMETOOLONG', '/tmp/x'), 2, /a path is longer than this system takes \(ENAMETOOLONG\)/],
    [
      'a failed run keeps its resume hint',
      new RepairFailedError('stopped at action 3', 'Resume: ...', { cause: errno('EACCES') }),
      1603,
      /stopped at action 3/,
    ],
  ])('%s', (_name, error, exit, message) => {
    const named = namedError(error);
    expect(exitCodeFor(named)).toBe(exit);
    expect((named as Error).message).toMatch(message);
  });
});

describe('each error names itself as its class (the name --json gives, written out so a minifier cannot change it)', () => {
  it.each(Object.entries(errors).filter(([, value]) => typeof value === 'function'))('%s', (exported, ErrorClass) => {
    const error = new (ErrorClass as new (message: string) => Error)('m');
    expect(error.name).toBe(exported);
    expect(error).toBeInstanceOf(errors.CatrootError);
  });
});
