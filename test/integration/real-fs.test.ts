import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFs } from '../../src/platform/real-fs.js';
import { tempDir } from '../helpers/cli.js';

describe('the real Fs keeps the contract of the promise-based one', () => {
  it.each([
    ['a missing file', (d: string) => join(d, 'missing')],
    ['a path through a file (ENOTDIR)', (d: string) => join(d, 'file', 'below')],
  ])('lstat of %s is undefined', async (_name, path) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    expect(await realFs().lstat(path(dir))).toBeUndefined();
  });

  it('refuses to rename onto an existing file, and copies only to a new name', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'a'));
    await writeFile(join(dir, 'a', 'one'), '1');
    await writeFile(join(dir, 'a', 'two'), '2');
    await expect(realFs().rename(join(dir, 'a', 'one'), join(dir, 'a', 'two'))).rejects.toThrow(/EEXIST/);
    await expect(realFs().copyFile(join(dir, 'a', 'one'), join(dir, 'a', 'two'))).rejects.toThrow(/EEXIST/);
    expect(await realFs().sha256(join(dir, 'a', 'two'))).toBe('d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35');
  });
});
