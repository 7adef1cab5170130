import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { repair, rollback } from '../../src/repair/repair.js';
import { openSystem } from '../../src/repair/system.js';
import { affectedVolume, ME, ROOT } from '../helpers/scenario.js';

const WIN = join(ROOT, 'WINDOWS');
const S32 = join(WIN, 'system32');

describe('a state folder inside the tree the repair changes is refused up front (exit 2)', () => {
  it.each([
    ['inside catroot2 (renamed away with the journal in it)', join(S32, 'catroot2', 'state'), join(S32, 'catroot2')],
    ['catroot2 itself', join(S32, 'catroot2'), join(S32, 'catroot2')],
    ['inside the catalog folder', join(S32, 'CatRoot', CATALOG_FOLDER, 'state'), join(S32, 'CatRoot', CATALOG_FOLDER)],
    ['the catalog folder, in other case', join(S32, 'catroot', CATALOG_FOLDER.toLowerCase()), join(S32, 'CatRoot', CATALOG_FOLDER)],
    ['inside CatRoot', join(S32, 'CatRoot', 'state'), join(S32, 'CatRoot')],
    ['inside the backup folder', join(S32, 'CatRoot', 'backup', 'state'), join(S32, 'CatRoot', 'backup')],
    ['a later backup folder', join(S32, 'CatRoot', 'Backup-3'), join(S32, 'CatRoot', 'Backup-3')],
    ['inside catroot2.old', join(S32, 'catroot2.old', 'state'), join(S32, 'catroot2.old')],
    ['a later catroot2.old', join(S32, 'CATROOT2.OLD-2'), join(S32, 'CATROOT2.OLD-2')],
    ['inside system32', join(S32, 'catroot-repair'), S32],
    ['system32 itself, in other case', join(WIN, 'SYSTEM32'), S32],
    ['the Windows folder (it holds system32)', WIN, S32],
    ['the volume root', ROOT, S32],
    ['the filesystem root', '/', S32],
  ])('%s', async (_name, stateDir, named) => {
    const volume = affectedVolume({ catalogs: 10 });
    const before = await volume.snap();
    const error = await openSystem(volume.world, { root: ROOT, stateDir }, ME, catalogOverflow)
      .then((system) => repair(system, { backupConfirmed: false }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).message).toContain(`state folder ${stateDir}`);
    expect((error as BadInputError).message).toContain(named);
    expect((error as BadInputError).hint).toContain(join(WIN, 'catroot-repair'));
    expect(await volume.snap()).toEqual(before);
  });

  it.each([
    ['the default', undefined],
    ['beside system32 in the Windows folder', join(WIN, 'repair-state')],
    ['outside the Windows tree', '/state'],
    ['a sibling whose name starts like system32', join(WIN, 'system32-state')],
  ])('%s is accepted: repair and rollback work', async (_name, stateDir) => {
    const volume = affectedVolume({ catalogs: 10 });
    const original = await volume.snap();
    const open = () => openSystem(volume.world, { root: ROOT, ...(stateDir ? { stateDir } : {}) }, ME, catalogOverflow);
    expect((await repair(await open(), { backupConfirmed: false })).kind).toBe('repaired');
    await rollback(await open());
    const after = await volume.snap();
    const mine = (path: string) =>
      path.startsWith('WINDOWS/catroot-repair') || path.startsWith('WINDOWS/repair-state') || path.startsWith('WINDOWS/system32-state');
    expect(Object.fromEntries(Object.entries(after).filter(([path]) => !mine(path)))).toEqual(original);
  });
});

describe('a state folder that is a file, or lies under one, is refused up front (exit 2), not a raw ENOTDIR', () => {
  it.each([
    ['a log file', join(WIN, 'svcpack.log'), /state folder .*svcpack\.log is a file, not a folder/],
    ['a folder under a log file', join(WIN, 'svcpack.log', 'state'), /lies under .*svcpack\.log, which is a file/],
    ['a link to a log file', '/alink', /state folder \/alink is a link to a file, not a folder/],
    ['a folder under a link to a log file', '/alink/state', /lies under \/alink, which is a link to a file/],
  ])('%s', async (_name, stateDir, message) => {
    const volume = affectedVolume({ catalogs: 10 });
    volume.fs.put('/alink', { kind: 'link', target: join(WIN, 'svcpack.log') });
    const before = await volume.snap();
    const error = await openSystem(volume.world, { root: ROOT, stateDir }, ME, catalogOverflow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).message).toMatch(message);
    expect(await volume.snap()).toEqual(before);
  });
});
