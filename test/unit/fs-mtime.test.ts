import { describe, expect, it } from 'vitest';
import type { Fs } from '../../src/platform/fs.js';
import { MapFs } from '../helpers/map-fs.js';
import { memoryWorld } from '../helpers/memory-world.js';

const MTIME = 1_700_000_000_123;

/** A volume holding /d/sub/f (4 bytes) last modified at MTIME, in each in-memory Fs the tests use. */
const volumes: Array<[string, () => Fs]> = [
  [
    'memfs',
    () => {
      const { vol, fs } = memoryWorld();
      vol.fromJSON({ '/d/sub/f': 'data' });
      vol.utimesSync('/d/sub/f', MTIME / 1000, MTIME / 1000);
      return fs;
    },
  ],
  [
    'MapFs',
    () => {
      const fs = new MapFs();
      fs.put('/d/sub/f', { kind: 'file', data: Buffer.from('data'), mtimeMs: MTIME });
      return fs;
    },
  ],
];

describe('lstat tells a file modification time in whole ms, and a rename keeps it, as on a real disk', () => {
  it.each(volumes)('%s', async (_name, volume) => {
    const fs = volume();
    expect(await fs.lstat('/d/sub/f')).toMatchObject({ kind: 'file', size: 4, mtimeMs: MTIME });
    await fs.rename('/d/sub/f', '/d/sub/g');
    await fs.rename('/d/sub', '/d/sub.old');
    await fs.rename('/d', '/e');
    expect((await fs.lstat('/e/sub.old/g'))?.mtimeMs).toBe(MTIME);
  });

  it('MapFs: each write gives a file a new modification time', async () => {
    const fs = new MapFs();
    await fs.createFile('/a', 'x');
    const created = (await fs.lstat('/a'))?.mtimeMs;
    const log = await fs.openAppend('/a');
    await log.append('y');
    expect((await fs.lstat('/a'))?.mtimeMs).toBeGreaterThan(created as number);
    await fs.copyFile('/a', '/b');
    expect((await fs.lstat('/b'))?.mtimeMs).toBeGreaterThan((await fs.lstat('/a'))?.mtimeMs as number);
  });
});
