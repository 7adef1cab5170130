import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repair, rollback } from '../../src/repair/repair.js';
import { openSystem } from '../../src/repair/system.js';
import { affectedVolume, ME, ROOT } from '../helpers/scenario.js';

const S32 = join(ROOT, 'WINDOWS', 'system32');
const CATROOT2 = join(S32, 'catroot2');

function volumeWithTwoStateFolders() {
  const volume = affectedVolume({ catalogs: 10 });
  const open = (stateDir: string) => openSystem(volume.world, { root: ROOT, stateDir }, ME, catalogOverflow);
  return { volume, open };
}

describe('undoing make-dir removes only the folder this run made', () => {
  it('two state folders, one system: rolling back both never sets the restored original catroot2 aside', async () => {
    const { volume, open } = volumeWithTwoStateFolders();
    const original = await volume.snap();
    // A repairs; B, with its own state folder, sets A's new catroot2 aside and makes another.
    expect((await repair(await open('/s1'), { backupConfirmed: false })).kind).toBe('repaired');
    const b = await repair(await open('/s2'), { backupConfirmed: false });
    expect(b.kind === 'repaired' && b.run.actions).toContainEqual({ kind: 'make-dir', path: CATROOT2 });

    // A first: the catroot2 there is B's, not A's, so A leaves it (and what depends on it) and says so.
    const a1 = await rollback(await open('/s1'));
    expect(a1.report.conflicts.join('\n')).toMatch(/not the folder this run made/);
    await rollback(await open('/s2'));
    await rollback(await open('/s1'));

    const after = await volume.snap();
    expect(Object.keys(after).filter((p) => p.includes('created-by-repair'))).toEqual([]);
    expect(after).toEqual(original);
  });

  it('a catroot2 put in place of the one the run made is left alone and reported', async () => {
    const { volume, open } = volumeWithTwoStateFolders();
    await repair(await open('/s1'), { backupConfirmed: false });
    await volume.fs.rename(CATROOT2, join(S32, 'elsewhere'));
    await volume.fs.mkdir(CATROOT2);
    await volume.fs.createFile(join(CATROOT2, 'edb.log'), 'another folder');
    const { report } = await rollback(await open('/s1'));
    expect(report.conflicts.some((c) => c.includes(CATROOT2))).toBe(true);
    expect((await volume.fs.readFile(join(CATROOT2, 'edb.log'))).toString()).toBe('another folder');
    expect(await volume.fs.lstat(join(S32, 'catroot2.created-by-repair-1'))).toBeUndefined();
  });

  it('the folder this run made, with something written into it since, is still set aside (unchanged)', async () => {
    const { volume, open } = volumeWithTwoStateFolders();
    await repair(await open('/s1'), { backupConfirmed: false });
    await volume.fs.createFile(join(CATROOT2, 'edb.log'), 'written by CryptSvc');
    const { report } = await rollback(await open('/s1'));
    expect(report.conflicts).toEqual([]);
    expect((await volume.fs.readFile(join(S32, 'catroot2.created-by-repair-1', 'edb.log'))).toString()).toBe('written by CryptSvc');
  });
});
