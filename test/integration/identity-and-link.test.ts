import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { Volume, createFsFromVolume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { fsFromModule, type FsPromises } from '../../src/platform/fs-module.js';
import type { Fs } from '../../src/platform/fs.js';
import { realFs } from '../../src/platform/real-fs.js';
import { tempDir } from '../helpers/cli.js';
import { MapFs } from '../helpers/map-fs.js';

const memfs = () => fsFromModule(createFsFromVolume(new Volume()).promises as unknown as FsPromises);
const kinds: Array<[string, () => Promise<{ fs: Fs; dir: string }>]> = [
  ['the real disk', async () => ({ fs: realFs(), dir: await tempDir() })],
  ['node:fs/promises', async () => ({ fs: fsFromModule(fsPromises as unknown as FsPromises), dir: await tempDir() })],
  ['memfs', async () => ({ fs: memfs(), dir: '/' })],
  ['MapFs', async () => ({ fs: new MapFs(), dir: '/' })],
];

describe.each(kinds)('%s', (_name, make) => {
  it("lstat tells a folder's identity: kept by a rename, different for a new folder of the same name", async () => {
    const { fs, dir } = await make();
    await fs.mkdir(join(dir, 'catroot2'));
    const made = (await fs.lstat(join(dir, 'catroot2')))?.id;
    expect(made).toEqual(expect.any(String));
    await fs.rename(join(dir, 'catroot2'), join(dir, 'catroot2.old'));
    expect((await fs.lstat(join(dir, 'catroot2.old')))?.id).toBe(made);
    await fs.mkdir(join(dir, 'catroot2'));
    expect((await fs.lstat(join(dir, 'catroot2')))?.id).not.toBe(made);
  });

  it('link makes a second name for a file and never replaces one', async () => {
    const { fs, dir } = await make();
    await fs.createFile(join(dir, 'a.tmp'), 'holder');
    await fs.createFile(join(dir, 'other.tmp'), 'other');
    await fs.link(join(dir, 'a.tmp'), join(dir, 'lock'));
    expect((await fs.readFile(join(dir, 'lock'))).toString()).toBe('holder');
    await expect(fs.link(join(dir, 'other.tmp'), join(dir, 'lock'))).rejects.toMatchObject({ code: 'EEXIST' });
    await fs.removeFile(join(dir, 'a.tmp'));
    expect((await fs.readFile(join(dir, 'lock'))).toString()).toBe('holder');
  });
});

describe.each(kinds)('%s: realpath', (_name, make) => {
  it.each([
    ['an existing folder', ['a'], 'a'],
    ['a path whose end does not exist yet', ['a'], 'a/new/deeper'],
    ['a path through a file (ENOTDIR): it leads no further than the file', ['a'], 'a/f/state'],
  ])('%s', async (_case, folders, rel) => {
    const { fs, dir } = await make();
    for (const f of folders) await fs.mkdir(join(dir, f));
    await fs.createFile(join(dir, 'a', 'f'), 'x');
    const base = await fs.realpath(dir);
    expect(await fs.realpath(join(dir, rel))).toBe(join(base, rel));
  });
});

describe.each([
  ['the real disk', async () => ({ fs: realFs() as Fs, dir: await tempDir(), plant: (link: string, target: string) => fsPromises.symlink(target, link) })],
  [
    'MapFs',
    async () => {
      const fs = new MapFs();
      return { fs: fs as Fs, dir: '/', plant: async (link: string, target: string) => fs.put(link, { kind: 'link', target }) };
    },
  ],
])('%s: realpath through links', (_name, make) => {
  it.each([
    ['a link to a folder', 'link', 'real/inside'],
    ['a folder below a link, not yet made', 'link/later', 'real/inside/later'],
  ])('%s', async (_case, rel, expected) => {
    const { fs, dir, plant } = await make();
    await fs.mkdir(join(dir, 'real'));
    await fs.mkdir(join(dir, 'real', 'inside'));
    await plant(join(dir, 'link'), join(dir, 'real', 'inside'));
    expect(await fs.realpath(join(dir, rel))).toBe(join(await fs.realpath(dir), expected));
  });
});
