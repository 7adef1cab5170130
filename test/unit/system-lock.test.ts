import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunInProgressError } from '../../src/errors.js';
import type { Fs } from '../../src/platform/fs.js';
import { planRepair, repair } from '../../src/repair/repair.js';
import { openSystem } from '../../src/repair/system.js';
import type { MapFs } from '../helpers/map-fs.js';
import { fakeProcesses } from '../helpers/memory-world.js';
import { affectedVolume, ME, ROOT, STATE } from '../helpers/scenario.js';

const WIN = join(ROOT, 'WINDOWS');
const SYSTEM_LOCK = join(WIN, 'catroot-repair.lock');
const OTHER = { pid: 5151, host: 'test-host' };

/** The tool's own files in a folder: locks and their temporary files. */
async function lockFiles(fs: Fs, dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).map((e) => e.name).filter((n) => /lock/.test(n));
}

describe('the lock belongs to the system, not to a state folder', () => {
  it('a second run on the same Windows folder with another --state-dir gets 1618 and changes nothing', async () => {
    const volume = affectedVolume({ catalogs: 20 }, { processes: fakeProcesses((pid) => pid === ME.pid) });
    const alone = volume.copy();
    await repair(await alone.open(), { backupConfirmed: false });
    let second: Promise<unknown> | undefined;
    const outcome = await repair(await volume.open(), {
      backupConfirmed: false,
      // While the first run holds its locks: a second one, with its own state folder.
      onStart: () =>
        void (second = openSystem(volume.world, { root: ROOT, stateDir: '/other-state' }, OTHER, catalogOverflow)
          .then((system) => repair(system, { backupConfirmed: false }))
          .catch((e: unknown) => e)),
    });
    expect(outcome.kind).toBe('repaired');
    expect(await second).toBeInstanceOf(RunInProgressError);
    expect(await volume.fs.lstat('/other-state')).toBeUndefined();
    expect(await volume.snap()).toEqual(await alone.snap());
    expect(await lockFiles(volume.fs, WIN)).toEqual([]);
  });

  it('the system lock is not part of any fingerprint', async () => {
    const plain = affectedVolume({ catalogs: 10 });
    const locked = plain.copy();
    await locked.fs.createFile(SYSTEM_LOCK, JSON.stringify({ ...OTHER, at: 'now' }));
    const [a, b] = await Promise.all([planRepair(await plain.open()), planRepair(await locked.open())]);
    expect(b.fingerprint).toBe(a.fingerprint);
  });
});

describe('a lock the tool cannot prove it wrote is judged stale, never obeyed forever, and never deleted', () => {
  const DEAD = JSON.stringify({ pid: 77, host: 'test-host', at: 'then' });
  it.each([
    ['state folder, user text', join(STATE, 'lock'), 'my notes about this server\r\n', true],
    ['state folder, empty', join(STATE, 'lock'), '', true],
    ['state folder, binary garbage', join(STATE, 'lock'), '\u0000\u0000{"pid":\u00ff', true],
    ['state folder, JSON but no holder', join(STATE, 'lock'), '[1,2]\n', true],
    ['state folder, the holder of a dead process', join(STATE, 'lock'), DEAD, false],
    ['system, user text', SYSTEM_LOCK, 'do not delete: ticket 4711', true],
    ['system, empty', SYSTEM_LOCK, '', true],
    ['system, binary garbage', SYSTEM_LOCK, '\u0000\u0001\u0002\u00fe', true],
    ['system, the holder of a dead process', SYSTEM_LOCK, DEAD, false],
  ])('%s (%s): the run proceeds, nothing deleted', async (_name, path, content, kept) => {
    const volume = affectedVolume({ catalogs: 10 }, { processes: fakeProcesses((pid) => pid !== 77) });
    await volume.fs.mkdir(STATE, { recursive: true });
    await volume.fs.createFile(path, content);
    const system = await volume.open();
    const notes: string[] = [];
    system.note = (text) => notes.push(text);
    expect((await repair(system, { backupConfirmed: false })).kind).toBe('repaired');
    expect(await volume.fs.lstat(path)).toBeUndefined();
    const names = (await volume.fs.readdir(dirname(path))).map((e) => e.name).filter((n) => n.startsWith(`${basename(path)}.`));
    expect(names).toEqual(kept ? [`${basename(path)}.damaged-1`] : []);
    if (kept) expect((await volume.fs.readFile(`${path}.damaged-1`)).equals(Buffer.from(content))).toBe(true);
    expect(notes).toEqual(kept ? [expect.stringContaining(`${path}.damaged-1`)] : []);
  });

  it('an earlier one set aside is never clobbered: the next free number is used', async () => {
    const volume = affectedVolume({ catalogs: 10 }, { processes: fakeProcesses(() => true) });
    await volume.fs.createFile(SYSTEM_LOCK, 'second');
    await volume.fs.createFile(`${SYSTEM_LOCK}.damaged-1`, 'first');
    expect((await repair(await volume.open(), { backupConfirmed: false })).kind).toBe('repaired');
    expect((await volume.fs.readFile(`${SYSTEM_LOCK}.damaged-1`)).toString()).toBe('first');
    expect((await volume.fs.readFile(`${SYSTEM_LOCK}.damaged-2`)).toString()).toBe('second');
  });

  it.each([
    ['a live process on this host', SYSTEM_LOCK, { pid: 99, host: 'test-host' }],
    ['a process on another host', SYSTEM_LOCK, { pid: 99, host: 'other-host' }],
    ['a live process on this host, state folder', join(STATE, 'lock'), { pid: 99, host: 'test-host' }],
  ])('held by %s (%s): refused with 1618, nothing changed', async (_name, path, holder) => {
    const volume = affectedVolume({ catalogs: 10 }, { processes: fakeProcesses((pid) => pid === 99) });
    await volume.fs.mkdir(STATE, { recursive: true });
    await volume.fs.createFile(path, JSON.stringify({ ...holder, at: 'now' }));
    const before = await volume.snap();
    await expect(repair(await volume.open(), { backupConfirmed: false })).rejects.toBeInstanceOf(RunInProgressError);
    expect(await volume.snap()).toEqual(before);
  });
});

/** The first file created in `dir` gets half its bytes, then the disk is full. */
function halfWriteOnce(fs: MapFs, dir: string): Fs {
  let failed = false;
  const createFile = async (path: string, data: string | Buffer) => {
    if (failed || !path.startsWith(`${dir}/`)) return fs.createFile(path, data);
    failed = true;
    const bytes = Buffer.from(data);
    await fs.createFile(path, bytes.subarray(0, bytes.length >> 1));
    throw Object.assign(new Error(`ENOSPC: no space left writing ${path}`), { code: 'ENOSPC' });
  };
  return new Proxy(fs, { get: (target, key) => (key === 'createFile' ? createFile : (target as any)[key].bind(target)) });
}

describe('a lock whose write fails midway', () => {
  it.each([
    ['the state folder lock', STATE],
    ['the system lock', WIN],
  ])('%s: the writer removes what it wrote; the next run takes the lock', async (_name, dir) => {
    const volume = affectedVolume({ catalogs: 10 }, { processes: fakeProcesses(() => true) });
    await volume.fs.mkdir(STATE, { recursive: true });
    const broken = await openSystem({ ...volume.world, fs: halfWriteOnce(volume.fs, dir) }, { root: ROOT, stateDir: STATE }, ME, catalogOverflow);
    await expect(repair(broken, { backupConfirmed: false })).rejects.toThrow(/ENOSPC/);
    expect(await lockFiles(volume.fs, dir)).toEqual([]);
    expect((await repair(await volume.open(), { backupConfirmed: false })).kind).toBe('repaired');
  });
});

describe('two runs taking over the same stale lock at once', () => {
  it.each([
    ['an empty lock', ''],
    ['the lock of a dead process', JSON.stringify({ pid: 1, host: 'test-host', at: 'then' })],
  ])("%s: the one that judged it first and acts last does not remove the other's fresh lock", async (_name, stale) => {
    const { acquireLock } = await import('../../src/engine/lock.js');
    const { MapFs } = await import('../helpers/map-fs.js');
    const fs = new MapFs();
    await fs.mkdir('/w');
    await fs.createFile('/w/lock', stale);
    const world = { ...affectedVolume({ catalogs: 1 }).world, fs, processes: fakeProcesses((pid) => pid !== 1) };
    // The slow run reads the stale lock, then waits while the fast one takes it over.
    let readDone!: () => void;
    let resume!: () => void;
    const hasRead = new Promise<void>((r) => (readDone = r));
    const gate = new Promise<void>((r) => (resume = r));
    let gated = false;
    const readFile = async (path: string) => {
      const bytes = await fs.readFile(path);
      if (path === '/w/lock' && !gated) {
        gated = true;
        readDone();
        await gate;
      }
      return bytes;
    };
    const slowFs = new Proxy(fs, { get: (target, key) => (key === 'readFile' ? readFile : (target as any)[key].bind(target)) });
    const slow = acquireLock({ ...world, fs: slowFs }, '/w/lock', { pid: 200, host: 'test-host' }).catch((e: unknown) => e);
    await hasRead;
    await acquireLock(world, '/w/lock', { pid: 100, host: 'test-host' });
    resume();
    expect(await slow).toBeInstanceOf(RunInProgressError);
    expect(JSON.parse((await fs.readFile('/w/lock')).toString())).toMatchObject({ pid: 100 });
    expect((await fs.readdir('/w')).map((e) => e.name).sort()).toEqual(stale ? ['lock'] : ['lock', 'lock.damaged-1']);
  });
});

describe('files a killed run left beside a lock', () => {
  it.each([
    ['the holder of a dead process', 'lock.test-host-77.tmp', { pid: 77, host: 'test-host', at: 'then' }, false],
    ['the holder of a live process', 'lock.test-host-88.tmp', { pid: 88, host: 'test-host', at: 'now' }, true],
    ['the holder of a process on another host', 'lock.other-host-77.tmp', { pid: 77, host: 'other-host', at: 'then' }, true],
    ['a damaged lock set aside', 'lock.test-host-77.tmp.stale', undefined, 'lock.damaged-1'],
    ['a dead process lock set aside', 'lock.test-host-66.tmp.stale', { pid: 66, host: 'test-host', at: 'then' }, false],
  ])('%s: %s kept = %s', async (_name, file, holder, kept: boolean | string) => {
    const { acquireLock } = await import('../../src/engine/lock.js');
    const { MapFs } = await import('../helpers/map-fs.js');
    const fs = new MapFs();
    await fs.mkdir('/w');
    await fs.createFile(join('/w', file), holder ? JSON.stringify(holder) : '\u0000');
    const world = { ...affectedVolume({ catalogs: 1 }).world, fs, processes: fakeProcesses((pid) => pid === 88) };
    const lock = await acquireLock(world, '/w/lock', { pid: 100, host: 'test-host' });
    await lock.release();
    expect((await fs.readdir('/w')).map((e) => e.name)).toEqual(kept === true ? [file] : kept ? [kept] : []);
    // What is kept aside keeps its bytes.
    if (typeof kept === 'string') expect((await fs.readFile(join('/w', kept))).toString()).toBe('\u0000');
  });
});
