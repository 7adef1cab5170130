import { describe, expect, it } from 'vitest';
import { catroot2Reset } from '../../playbooks/catroot2-reset/index.js';
import { actionsOf, changesNothing } from '../../src/engine/plan.js';
import { planRepair, repair, rollback } from '../../src/repair/repair.js';
import { openSystem } from '../../src/repair/system.js';
import { MapFs } from '../helpers/map-fs.js';
import { memoryWorld } from '../helpers/memory-world.js';
import { ME, ROOT, STATE } from '../helpers/scenario.js';
import { snapshot } from '../helpers/tree.js';

const SYS = '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';
const DRV = '{127D0A1D-4EF2-11D1-8608-00C04FC295EE}';
const CATROOT = 'Windows/System32/CatRoot';

/** A Windows 10 tree: `Windows/System32` as Windows 10 spells it, both catalog folders, catroot2. */
function windows10(extra: Record<string, string> = {}) {
  const fs = MapFs.fromFiles(ROOT, {
    'Windows/System32/kernel32.dll': 'k',
    [`${CATROOT}/${SYS}/KB5034441.cat`]: 'kb',
    [`${CATROOT}/${SYS}/Microsoft-Windows-Client-Features-Package.cat`]: 'pkg',
    [`${CATROOT}/${SYS}/tmp1A2B.cat`]: 'tmp-sys-1',
    [`${CATROOT}/${SYS}/TMP99.CAT`]: 'tmp-sys-2',
    [`${CATROOT}/${SYS}/tmpnotes.txt`]: 'not a catalog',
    [`${CATROOT}/${DRV}/oem12.cat`]: 'oem',
    [`${CATROOT}/${DRV}/tmp1A2B.cat`]: 'tmp-drv',
    'Windows/System32/catroot2/edb.log': 'edb',
    'Windows/System32/catroot2/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/catdb': 'db',
    ...extra,
  });
  const world = { ...memoryWorld().world, fs };
  const open = () => openSystem(world, { root: ROOT, stateDir: STATE }, ME, catroot2Reset, [catroot2Reset]);
  return { fs, open, snap: () => snapshot(fs, ROOT) };
}

const moves = async (v: ReturnType<typeof windows10>) =>
  actionsOf(await planRepair(await v.open())).flatMap((a) =>
    a.kind === 'move-file' ? [`${a.from.slice(ROOT.length + 1)} -> ${a.to.slice(ROOT.length + 1)}`] : [],
  );

describe('catroot2-reset plan', () => {
  it('moves only tmp*.cat, from both catalog folders, each into a CatRoot folder of its own', async () => {
    expect(await moves(windows10())).toEqual([
      `${CATROOT}/${SYS}/TMP99.CAT -> ${CATROOT}/tmp-backup-F750E6C3/TMP99.CAT`,
      `${CATROOT}/${SYS}/tmp1A2B.cat -> ${CATROOT}/tmp-backup-F750E6C3/tmp1A2B.cat`,
      `${CATROOT}/${DRV}/tmp1A2B.cat -> ${CATROOT}/tmp-backup-127D0A1D/tmp1A2B.cat`,
    ]);
  });

  it.each([
    ['no catroot2.old', {}, 'catroot2.old'],
    ['catroot2.old exists', { 'Windows/System32/catroot2.old/edb.log': 'older' }, 'catroot2.old-2'],
    ['catroot2.old and .old-2 exist', { 'Windows/System32/catroot2.old/x': '1', 'Windows/System32/catroot2.old-2/x': '2' }, 'catroot2.old-3'],
  ])('sets catroot2 aside under a fresh name (%s) and never renames CatRoot', async (_case, extra, name) => {
    const plan = await planRepair(await windows10(extra).open());
    const renames = actionsOf(plan).flatMap((a) => (a.kind === 'rename-dir' ? [[a.from, a.to]] : []));
    expect(renames).toEqual([[`${ROOT}/Windows/System32/catroot2`, `${ROOT}/Windows/System32/${name}`]]);
    expect(actionsOf(plan).some((a) => a.kind === 'make-dir' && a.path === `${ROOT}/Windows/System32/catroot2`)).toBe(true);
  });

  it('repairs, leaves KB*.cat and every non-tmp file in place, changes nothing the second time, and rolls back byte for byte', async () => {
    const v = windows10();
    const before = await v.snap();
    const done = await repair(await v.open(), { backupConfirmed: false });
    expect(done.kind === 'repaired' && done.verify.problems).toEqual([]);
    const after = await v.snap();
    for (const kept of [`${SYS}/KB5034441.cat`, `${SYS}/Microsoft-Windows-Client-Features-Package.cat`, `${SYS}/tmpnotes.txt`, `${DRV}/oem12.cat`])
      expect(after[`${CATROOT}/${kept}`]).toBe(before[`${CATROOT}/${kept}`]);
    expect(Object.keys(after).filter((p) => /tmp.*\.cat$/i.test(p) && !p.includes('tmp-backup-'))).toEqual([]);
    expect(after['Windows/System32/catroot2.old/edb.log']).toBe(before['Windows/System32/catroot2/edb.log']);
    expect(after['Windows/System32/catroot2']).toBe('dir');
    expect(changesNothing(await planRepair(await v.open()))).toBe(true);
    expect((await repair(await v.open(), { backupConfirmed: false })).kind).toBe('already-done');
    await rollback(await v.open());
    const system32 = (snap: Record<string, string>) => Object.fromEntries(Object.entries(snap).filter(([p]) => p.startsWith('Windows/System32')));
    expect(system32(await v.snap())).toEqual(system32(before));
  });
});
