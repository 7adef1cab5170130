import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fs } from '../../src/platform/fs.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { repair, rollback } from '../../src/repair/repair.js';
import { faultyFs } from '../helpers/faulty-fs.js';
import { affectedVolume, ROOT } from '../helpers/scenario.js';

const CATALOGS = join(ROOT, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);
/** The temporary name the copy step used before it was made unique to the run. */
const OLD_PARTIAL = join(CATALOGS, 'KB912354.CAT.catroot-repair-partial');

const owners: Array<[string, (v: ReturnType<typeof affectedVolume>) => void]> = [
  ['a user file', (v) => v.fs.put(OLD_PARTIAL, { kind: 'file', data: Buffer.from('the admin wrote this') })],
  ['a user link', (v) => v.fs.put(OLD_PARTIAL, { kind: 'link', target: '/somewhere/else' })],
];

/** The number of the mutating operation right after the copy of KB912354.CAT: the rename of its temporary file. */
async function opAfterCopy(volume: ReturnType<typeof affectedVolume>): Promise<number> {
  const { system, count } = await volume.copy().counting();
  let after = 0;
  const fs: Fs = { ...system.world.fs, copyFile: async (from, to) => (await system.world.fs.copyFile(from, to), void (after = count() + 1)) };
  await repair({ ...system, world: { ...system.world, fs } }, { backupConfirmed: false });
  return after;
}

/** Everything under the catalog folder that is not the user's and was not there before: temporaries left behind. */
async function leftovers(volume: ReturnType<typeof affectedVolume>): Promise<string[]> {
  return (await volume.fs.readdir(CATALOGS)).map((e) => e.name).filter((n) => /partial/i.test(n) && join(CATALOGS, n) !== OLD_PARTIAL);
}

describe('the copy step removes only the temporary file it created', () => {
  it.each(owners)('%s named like the old temporary survives a repair and its rollback', async (_name, plant) => {
    const volume = affectedVolume({ catalogs: 50 });
    plant(volume);
    const original = await volume.snap();
    const outcome = await repair(await volume.open(), { backupConfirmed: false });
    expect(outcome.kind).toBe('repaired');
    expect((await volume.snap())['WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB912354.CAT.catroot-repair-partial']).toBe(
      original['WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB912354.CAT.catroot-repair-partial'],
    );
    await rollback(await volume.open());
    expect(await volume.snap()).toEqual(original);
  });

  it.each(owners)('%s survives a crash between the copy and its rename, then a resume', async (_name, plant) => {
    const volume = affectedVolume({ catalogs: 50 });
    plant(volume);
    const at = await opAfterCopy(volume);
    const original = await volume.snap();
    await expect(repair(await volume.open({ kind: 'crash', at }), { backupConfirmed: false })).rejects.toThrow(/simulated crash/);
    expect((await leftovers(volume)).length, "the crash left the run's temporary copy").toBe(1);
    const resumed = await repair(await volume.open(), { backupConfirmed: false });
    expect(resumed).toMatchObject({ kind: 'repaired', verify: { problems: [] } });
    const after = await volume.snap();
    const rel = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB912354.CAT.catroot-repair-partial';
    expect(after[rel]).toBe(original[rel]);
    expect(await leftovers(volume)).toEqual([]);
  });

  it.each(owners)("%s survives a crash between the copy and its rename, then a rollback; the run's temporary is removed", async (_name, plant) => {
    const volume = affectedVolume({ catalogs: 50 });
    plant(volume);
    const at = await opAfterCopy(volume);
    const original = await volume.snap();
    await expect(repair(await volume.open({ kind: 'crash', at }), { backupConfirmed: false })).rejects.toThrow(/simulated crash/);
    await rollback(await volume.open());
    expect(await volume.snap()).toEqual(original);
  });

  it("the temporary name is recorded in the copy's intent record before the copy starts", async () => {
    const volume = affectedVolume({ catalogs: 20 });
    const system = await volume.open();
    const seen: string[] = [];
    const inner = faultyFs(volume.fs, { kind: 'crash', at: Number.POSITIVE_INFINITY }).fs;
    let journal = '';
    const fs: Fs = {
      ...inner,
      openAppend: async (path) => {
        const log = await inner.openAppend(path);
        return path.endsWith('journal.jsonl') ? { ...log, append: async (text) => ((journal += text), log.append(text)) } : log;
      },
      // Whether the journal already names the temporary, at the moment the copy starts.
      copyFile: async (from, to) => (seen.push(`${to} ${journal.includes(JSON.stringify(to).slice(1, -1))}`), inner.copyFile(from, to)),
    };
    await repair({ ...system, world: { ...system.world, fs } }, { backupConfirmed: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toMatch(/catroot-repair-partial /);
    expect(seen[0]).toMatch(/ true$/);
  });
});
