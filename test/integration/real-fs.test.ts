import { createHash } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsFromModule } from '../../src/platform/fs-module.js';
import { realFs } from '../../src/platform/real-fs.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { affectedTree, tempDir } from '../helpers/cli.js';
import { sha256Of } from '../helpers/tree.js';

describe('the real Fs keeps the contract of the promise-based one', () => {
  it.each([
    ['a missing file', (d: string) => join(d, 'missing')],
    ['a path through a file (ENOTDIR)', (d: string) => join(d, 'file', 'below')],
  ])('lstat of %s is undefined', async (_name, path) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    expect(await realFs().lstat(path(dir))).toBeUndefined();
  });

  it('lists a folder with the kind of each entry, links as links (never followed), as the promise-based Fs does', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'KB1.cat'), 'x');
    await mkdir(join(dir, 'Q2'));
    await symlink(join(dir, 'KB1.cat'), join(dir, 'KB3.cat'));
    await symlink(dir, join(dir, 'TMP4.cat'));
    for (let i = 0; i < 1500; i++) await writeFile(join(dir, `kb${i}.CAT`), '');
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
    const entries = (await realFs().readdir(dir)).sort(byName);
    expect(entries).toEqual((await fsFromModule(fsPromises).readdir(dir)).sort(byName));
    expect(entries.filter((e) => !e.name.startsWith('kb'))).toEqual([
      { name: 'KB1.cat', kind: 'file' },
      { name: 'KB3.cat', kind: 'link' },
      { name: 'Q2', kind: 'dir' },
      { name: 'TMP4.cat', kind: 'link' },
    ]);
    expect(entries).toHaveLength(1504);
  });

  it('refuses to rename onto an existing file, and copies only to a new name', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'a'));
    await writeFile(join(dir, 'a', 'one'), '1');
    await writeFile(join(dir, 'a', 'two'), '2');
    await expect(realFs().rename(join(dir, 'a', 'one'), join(dir, 'a', 'two'))).rejects.toThrow(/EEXIST/);
    await expect(realFs().copyFile(join(dir, 'a', 'one'), join(dir, 'a', 'two'))).rejects.toThrow(/EEXIST/);
    expect(await sha256Of(realFs(), join(dir, 'a', 'two'))).toBe('d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35');
  });
});

describe('the real Fs hashes on two cores with the same answers as one file at a time', () => {
  const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

  it.each([1, 63, 64, 65, 700])('%i files, some missing, linked or folders: each digest in its place', async (count) => {
    const dir = await tempDir();
    const paths: string[] = [];
    const expected: Array<{ size: number; sha256: string } | undefined> = [];
    for (let i = 0; i < count; i++) {
      const path = join(dir, `KB${i}.cat`);
      paths.push(path);
      if (i % 10 === 3) await mkdir(path);
      else if (i % 10 === 7) await symlink(paths[0] as string, path);
      if (i % 10 === 3 || i % 10 === 7 || i % 10 === 9) {
        expected.push(undefined);
        continue;
      }
      const data = Buffer.alloc(i * 37, `catalog ${i}`);
      await writeFile(path, data);
      expected.push({ size: data.length, sha256: sha(data) });
    }
    expect(await realFs().digests(paths)).toEqual(expected);
  });

  it('streams a file larger than its buffer', async () => {
    const dir = await tempDir();
    const data = Buffer.alloc(256 * 1024 * 3 + 5, 'big');
    await writeFile(join(dir, 'big'), data);
    expect(await realFs().digests([join(dir, 'big')])).toEqual([{ size: data.length, sha256: sha(data) }]);
  });

  it("gives a path through a file (ENOTDIR) as missing, in the worker's half too", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    const paths = Array.from({ length: 100 }, (_, i) => join(dir, 'file', `below-${i}`));
    expect(await realFs().digests(paths)).toEqual(paths.map(() => undefined));
  });

  it.each([
    ["this thread's half", 10],
    ["the worker's half", 90],
  ])('rejects with the error code when reading fails in %s', async (_half, at) => {
    const dir = await tempDir();
    const paths = Array.from({ length: 100 }, (_, i) => join(dir, i === at ? 'x'.repeat(5000) : `missing-${i}`));
    await expect(realFs().digests(paths)).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
  });

  it('hashes several lists in the background at once, each answer to its own list', async () => {
    const tree = await affectedTree({ catalogs: 600 });
    const catalogs = join(tree.root, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);
    const paths = (await readdir(catalogs)).map((name) => join(catalogs, name));
    const lists = [paths.slice(0, 200), paths.slice(200, 210), paths.slice(210), [...paths].reverse()];
    const fs = realFs();
    const pending = lists.map((list) => fs.startDigests(list));
    // Asked for in reverse order: the last list's answer must not be the first one's.
    const answers = [];
    for (const p of [...pending].reverse()) answers.unshift(await p.result());
    const oneByOne = fsFromModule(fsPromises);
    for (const [k, list] of lists.entries()) expect(answers[k]).toEqual(await oneByOne.digests(list));
  });

  it('a list started in the background rejects with the error code when a read fails', async () => {
    const dir = await tempDir();
    const paths = Array.from({ length: 100 }, (_, i) => join(dir, i === 50 ? 'x'.repeat(5000) : `missing-${i}`));
    await expect(realFs().startDigests(paths).result()).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
  });

  it('a worker that dies (out of its 32 MB heap) fails only its own list, and the next list gets a new worker', async () => {
    const fs = realFs();
    const within = async <T>(promise: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('still waiting after 10 s')), 10_000)))]);
      } finally {
        clearTimeout(timer);
      }
    };
    // 37 MB of path text: the worker runs out of heap receiving it. This thread takes every path itself.
    const deep = (i: number) => `/nonexistent-${Array.from({ length: 19 }, () => 'x'.repeat(200)).join('/')}/${i}`;
    const huge = fs.startDigests(Array.from({ length: 10_000 }, (_, i) => deep(i)));
    await within(huge.ready);
    expect(new Set(await huge.result())).toEqual(new Set([undefined]));
    // A live worker answers: `ready` settles only on its answer (or its death).
    const tree = await affectedTree({ catalogs: 300 });
    const catalogs = join(tree.root, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);
    const paths = (await readdir(catalogs)).map((name) => join(catalogs, name));
    const next = fs.startDigests(paths);
    await within(next.ready);
    expect(await next.result()).toEqual(await fsFromModule(fsPromises).digests(paths));
  });

  it('agrees with the one-at-a-time Fs over node:fs/promises', async () => {
    const tree = await affectedTree({ catalogs: 150 });
    const catalogs = join(tree.root, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);
    const paths = (await readdir(catalogs)).map((name) => join(catalogs, name));
    expect(await realFs().digests(paths)).toEqual(await fsFromModule(fsPromises).digests(paths));
  });
});

describe('stamps: the real Fs proves a moved file by its identity, size and modification time', () => {
  const LONG_AGO = new Date('2020-01-01T00:00:00Z');
  async function oldFiles(n: number) {
    const dir = await tempDir();
    const paths = Array.from({ length: n }, (_, i) => join(dir, `KB${i}.cat`));
    for (const path of paths) {
      await writeFile(path, `catalog ${path}`);
      await fsPromises.utimes(path, LONG_AGO, LONG_AGO);
    }
    return { dir, paths };
  }

  // 100 files: the worker takes part, so both threads' stamps are checked.
  it('a file last changed long before the hash gets a stamp, and keeps it through a rename', async () => {
    const fs = realFs();
    const { dir, paths } = await oldFiles(100);
    const digests = await fs.digests(paths);
    expect(digests.every((d) => typeof d?.stamp === 'string')).toBe(true);
    const moved = paths.map((p) => join(dir, `moved-${p.split('/').at(-1)}`));
    for (const [k, path] of paths.entries()) await fs.rename(path, moved[k] as string);
    expect(await (fs.startStamps as NonNullable<typeof fs.startStamps>)(moved).result()).toEqual(digests.map((d) => d?.stamp));
  });

  it.each<[string, (path: string) => Promise<void>]>([
    ['written again (same size)', (path) => writeFile(path, `CATALOG ${path}`)],
    ['touched (same bytes, a new modification time)', (path) => fsPromises.utimes(path, new Date(), new Date())],
    [
      'replaced by another file under its name',
      async (path) => {
        await writeFile(`${path}.new`, `catalog ${path}`);
        await fsPromises.utimes(`${path}.new`, LONG_AGO, LONG_AGO);
        await fsPromises.rename(`${path}.new`, path);
      },
    ],
  ])('a file %s after the hash shows another stamp', async (_name, change) => {
    const fs = realFs();
    const { paths } = await oldFiles(1);
    const [digest] = await fs.digests(paths);
    await change(paths[0] as string);
    const [now] = await (fs.startStamps as NonNullable<typeof fs.startStamps>)(paths).result();
    expect(now).toBeDefined();
    expect(now).not.toBe(digest?.stamp);
  });

  it('a file changed in the last seconds before the hash gets no stamp: verify hashes it again', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'fresh.cat'), 'x');
    const [digest] = await realFs().digests([join(dir, 'fresh.cat')]);
    expect(digest).toBeDefined();
    expect(digest?.stamp).toBeUndefined();
  });
});
