import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repair, rollback } from '../../src/repair/repair.js';
import { latestRun } from '../../src/repair/runs.js';
import { affectedVolume, ROOT } from '../helpers/scenario.js';

const S32 = join(ROOT, 'WINDOWS', 'system32');
const CATROOT = join(S32, 'CatRoot');
const CATALOGS = join(CATROOT, '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}');
const COPY = join(CATALOGS, 'KB912354.CAT');
const ASIDE = join(ROOT, 'KB912354.CAT.changed');

/** A repaired volume where Windows then changed the KB912354.CAT copy and wrote into the new catroot2. */
async function touchedAfterRepair() {
  const volume = affectedVolume({ catalogs: 20 });
  const original = await volume.snap();
  expect((await repair(await volume.open(), { backupConfirmed: false })).kind).toBe('repaired');
  const changed = Buffer.concat([await volume.fs.readFile(COPY), Buffer.from('touched by Windows')]);
  await volume.fs.rename(COPY, join(CATALOGS, 'old-copy.tmp'));
  await volume.fs.removeFile(join(CATALOGS, 'old-copy.tmp'));
  await volume.fs.createFile(COPY, changed);
  await volume.fs.createFile(join(S32, 'catroot2', 'edb.log'), 'written by CryptSvc');
  return { volume, original };
}

describe('a rollback that meets a conflict leaves every folder it needs to finish later', () => {
  it('the changed KB912354.CAT copy: backup stays where it is, and the rollback reports it', async () => {
    const { volume } = await touchedAfterRepair();
    const first = await rollback(await volume.open());
    expect(first.report.conflicts.join('\n')).toMatch(/exists with other content/);
    expect(first.report.conflicts.join('\n')).toMatch(/backup.*left in place until the conflicts above are resolved/);
    expect((await volume.fs.lstat(join(CATROOT, 'backup')))?.kind).toBe('dir');
    expect(await volume.fs.lstat(join(CATROOT, 'backup.created-by-repair-1'))).toBeUndefined();
    expect((await volume.fs.lstat(join(CATROOT, 'backup', 'KB912354.CAT')))?.kind).toBe('file');
  });

  it.each([1, 3])('after the admin moves the changed copy aside, the next rollback finishes (%i attempt(s) before)', async (attempts) => {
    const { volume, original } = await touchedAfterRepair();
    const notes: string[][] = [];
    for (let i = 0; i < attempts; i++) {
      const r = await rollback(await volume.open());
      expect(r.report.conflicts.length).toBeGreaterThan(0);
      notes.push(r.report.notes);
    }
    // Notes are said once, by the attempt that made them, not again by every later attempt.
    expect(notes[0]?.join('\n')).toMatch(/catroot2 was no longer empty; set aside as .*catroot2.created-by-repair-1/);
    for (const later of notes.slice(1)) expect(later).toEqual([]);
    const changed = await volume.fs.readFile(COPY);
    await volume.fs.rename(COPY, ASIDE);
    const last = await rollback(await volume.open());
    expect(last.report.conflicts).toEqual([]);
    expect(last.report.notes).toEqual([]);
    expect((await latestRun(await volume.open()))?.replay.state).toBe('rolled-back');

    const after = await volume.snap();
    const {
      [ASIDE.slice(ROOT.length + 1)]: aside,
      ['WINDOWS/system32/catroot2.created-by-repair-1']: setAside,
      ['WINDOWS/system32/catroot2.created-by-repair-1/edb.log']: written,
      ...rest
    } = after;
    expect(aside).toBeDefined();
    expect(setAside).toBe('dir');
    expect(written).toBeDefined();
    expect(rest).toEqual(original);
    expect((await volume.fs.readFile(ASIDE)).equals(changed)).toBe(true);
    // And a repair is possible again.
    await expect(repair(await volume.open(), { backupConfirmed: false })).resolves.toMatchObject({ kind: 'repaired' });
  });

  it('with nothing else in the way, a non-empty folder the run made is still set aside', async () => {
    const volume = affectedVolume({ catalogs: 5 });
    await repair(await volume.open(), { backupConfirmed: false });
    await volume.fs.createFile(join(CATROOT, 'backup', 'dropped-by-admin.txt'), 'x');
    const { report } = await rollback(await volume.open());
    expect(report.conflicts).toEqual([]);
    expect(report.notes.join('\n')).toMatch(/backup was no longer empty; set aside as .*backup.created-by-repair-1/);
  });
});
