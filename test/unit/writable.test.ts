import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, namedError } from '../../src/cli/exit-codes.js';
import { unwritableFolders } from '../../src/engine/writable.js';
import { BadInputError } from '../../src/errors.js';
import { fsError } from '../../src/platform/fs.js';
import { planRepair, repair, rollback } from '../../src/repair/repair.js';
import { openSystem } from '../../src/repair/system.js';
import { MapFs } from '../helpers/map-fs.js';
import { affectedVolume, ME, repairedVolume, ROOT } from '../helpers/scenario.js';
import { snapshot } from '../helpers/tree.js';

const WIN = join(ROOT, 'WINDOWS');
const CATALOGS = join(WIN, 'system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}');

/** The whole in-memory disk, the state folder and the Windows folder's lock included. */
const everything = (fs: MapFs) => snapshot(fs, '/');

describe('a folder the run must write that it cannot: refused before the first change', () => {
  it.each([
    ['the volume is read-only', ROOT, 'EROFS' as const, undefined, `${WIN}: the volume is read-only (EROFS): mount it writable`],
    ['the catalog folder is not writable', CATALOGS, 'EACCES' as const, undefined, `${CATALOGS}: not writable (EACCES)`],
    ['the state folder to make is on a read-only volume', '/mnt', 'EROFS' as const, '/mnt/state', '/mnt (to make /mnt/state): the volume is read-only (EROFS)'],
  ])('%s: exit 2, the folder and the reason named, nothing written; made writable, it repairs', async (_name, where, code, stateDir, said) => {
    const volume = affectedVolume({ catalogs: 20 });
    volume.fs.put('/mnt/other', { kind: 'dir' });
    const open = () => (stateDir ? openSystem(volume.world, { root: ROOT, stateDir }, ME, catalogOverflow) : volume.open());
    const before = await everything(volume.fs);
    volume.fs.refuseWrites(where, code);

    // As the CLI runs it: with the plan shown (or saved), which says every folder the run will write.
    const system = await open();
    const error = await repair(system, { backupConfirmed: false, expected: await planRepair(system) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toContain(said);
    expect((error as Error).message).toMatch(/nothing was changed/);
    expect((error as Error).message).not.toMatch(/ENOENT/);
    // No lock, no state folder, no run folder: nothing that a later run on the writable volume could trip on.
    expect(await everything(volume.fs)).toEqual(before);

    volume.fs.refuseWrites(where, undefined);
    expect((await repair(await open(), { backupConfirmed: false })).kind).toBe('repaired');
  });

  it.each([
    // Known before the lock: the Windows folder, on the read-only volume.
    ['the volume made read-only', ROOT, 'EROFS' as const, `${WIN}: the volume is read-only (EROFS)`],
    // Known once the run to undo is read, under the lock: a folder its actions changed.
    ['the catalog folder made unwritable', CATALOGS, 'EACCES' as const, `${CATALOGS}: not writable (EACCES)`],
  ])('a rollback with %s: refused, nothing written; made writable, it rolls back', async (_name, where, code, said) => {
    const { volume } = await repairedVolume(20);
    const repaired = await everything(volume.fs);
    volume.fs.refuseWrites(where, code);
    const error = await rollback(await volume.open()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain(said);
    expect(await everything(volume.fs)).toEqual(repaired);

    volume.fs.refuseWrites(where, undefined);
    expect((await rollback(await volume.open())).report.conflicts).toEqual([]);
  });

  it('the folder of the run to resume, not writable: refused before the resume changes anything', async () => {
    const volume = affectedVolume({ catalogs: 20 });
    await repair(await volume.open({ kind: 'crash', at: 60 }), { backupConfirmed: false }).catch(() => undefined);
    const [runName] = (await volume.fs.readdir('/state/runs')).map((e) => e.name);
    const runDir = join('/state/runs', runName as string);
    // The killed run's locks are all the refused run may touch: it takes them over, and lets go.
    const withoutLock = async () =>
      Object.fromEntries(Object.entries(await everything(volume.fs)).filter(([path]) => !/(catroot-repair\.lock|state\/lock)$/.test(path)));
    const before = await withoutLock();
    volume.fs.refuseWrites(runDir, 'EACCES');
    const error = await repair(await volume.open(), { backupConfirmed: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain(`${runDir}: not writable (EACCES)`);
    expect(await withoutLock()).toEqual(before);
    expect(await volume.fs.lstat(join(WIN, 'catroot-repair.lock'))).toBeUndefined();
    expect(await volume.fs.lstat('/state/lock')).toBeUndefined();
  });
});

describe('unwritableFolders', () => {
  it('asks a folder still to be made of its nearest existing parent, each folder once, and changes nothing', async () => {
    const fs = new MapFs();
    fs.put('/ro/a', { kind: 'dir' });
    fs.put('/rw/b', { kind: 'dir' });
    fs.refuseWrites('/ro', 'EROFS');
    const asked: string[] = [];
    const watching = Object.assign(Object.create(fs) as MapFs, { assertWritable: (p: string) => (asked.push(p), fs.assertWritable(p)) });
    const refused = await unwritableFolders(watching, ['/ro/a', '/ro/a/x/y', '/rw/b/new', '/rw/b', '/ro/a']);
    expect(refused).toEqual([{ folder: '/ro/a', code: 'EROFS' }]);
    expect(asked).toEqual(['/ro/a', '/rw/b']);
    expect(await snapshot(fs, '/')).toEqual({ ro: 'dir', 'ro/a': 'dir', rw: 'dir', 'rw/b': 'dir' });
  });
});

describe('a raw EROFS that still reaches the top', () => {
  it('is said in plain words, exit 2', () => {
    const raw = Object.assign(fsError('EROFS', 'read-only file system, open'), { path: '/volume/WINDOWS/catroot-repair.lock' });
    const named = namedError(raw);
    expect(named).toBeInstanceOf(BadInputError);
    expect((named as Error).message).toBe('cannot write /volume/WINDOWS/catroot-repair.lock: the volume is read-only (EROFS): mount it writable');
    expect(exitCodeFor(named)).toBe(2);
    expect(exitCodeFor(raw)).toBe(1603);
  });
});
