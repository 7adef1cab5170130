import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { olderGeneration, rotatingLog } from '../../src/platform/log-file.js';
import { tempDir } from '../helpers/cli.js';

describe('olderGeneration', () => {
  it.each([
    ['C:\\Windows\\Logs\\catroot-repair\\catroot-repair.log', 'C:\\Windows\\Logs\\catroot-repair\\catroot-repair.lo_'],
    ['/x/RUN.LOG', '/x/RUN.LO_'],
    ['/x/story.txt', '/x/story.txt.lo_'],
  ])('%s: %s', (path, older) => expect(olderGeneration(path)).toBe(older));
});

describe('rotatingLog', () => {
  it.each([
    { case: 'no file yet: made, with its folder', before: undefined, older: undefined, after: ['b\n', undefined] },
    { case: 'under the limit: appended', before: 'a\n', older: undefined, after: ['a\nb\n', undefined] },
    { case: 'at the limit: renamed, a new one started', before: '0123456789', older: undefined, after: ['b\n', '0123456789'] },
    { case: 'at the limit: the older generation is replaced by the rename', before: '0123456789', older: 'old\n', after: ['b\n', '0123456789'] },
  ])('$case', async ({ before, older, after }) => {
    const path = join(await tempDir(), 'logs', 'run.log');
    await mkdir(join(path, '..'), { recursive: true });
    if (before !== undefined) await writeFile(path, before);
    if (older !== undefined) await writeFile(olderGeneration(path), older);
    await rotatingLog(path, 10).append('b\n');
    const read = (p: string) => readFile(p, 'utf8').catch(() => undefined);
    expect([await read(path), await read(olderGeneration(path))]).toEqual(after);
    expect((await readdir(join(path, '..'))).length).toBe(after[1] === undefined ? 1 : 2);
  });

  it.each([
    ['the log is a folder', (path: string) => mkdir(path)],
    [
      'the older generation is a link',
      async (path: string) => {
        await writeFile(path, '0123456789');
        await symlink(join(path, '..', 'elsewhere'), olderGeneration(path));
      },
    ],
  ])('refuses when %s, and changes nothing', async (_, plant) => {
    const dir = await tempDir();
    const path = join(dir, 'run.log');
    await plant(path);
    const before = await readdir(dir);
    await expect(rotatingLog(path, 10).append('b\n')).rejects.toThrow(/not a regular file/);
    expect(await readdir(dir)).toEqual(before);
    expect((await lstat(path)).size).not.toBe(2);
  });
});
