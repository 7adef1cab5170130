import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogBytes } from '../../src/demo/affected-server.js';
import { applyRun } from '../../src/engine/apply.js';
import { nameProblem, pathProblem } from '../../src/engine/paths-guard.js';
import { makePlan } from '../../src/engine/plan.js';
import { createRun } from '../../src/engine/run-store.js';
import { BadInputError } from '../../src/errors.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { planRepair, rollback, verifyLatest } from '../../src/repair/repair.js';
import { repairContext } from '../../src/repair/repair-context.js';
import { repairSteps } from '../../playbooks/catalog-overflow/index.js';
import { MapFs } from '../helpers/map-fs.js';
import { ROOT, volumeOf } from '../helpers/scenario.js';

const W = '/mnt/sbs/WINDOWS';
const roots = [W, '/state'];

describe('pathProblem: the one check at plan time and at read-back', () => {
  it.each([
    [`${W}/system32/CatRoot/KB1.cat`, undefined],
    [`${W}/system32/CatRoot/..KB1.cat`, undefined],
    [`${W}/system32/CatRoot/KB 1 é 日本 \ufffd.cat`, undefined],
    ['/state/runs/1/x', undefined],
    [`${W}/system32/CatRoot/KB\\..\\..\\x.cat`, 'outside /mnt/sbs/WINDOWS and /state'],
    [`${W}/system32/CatRoot/KB\\x.cat`, 'a backslash in a name'],
    [`${W}/system32/CatRoot/KB\u0007.cat`, 'a control character in a name'],
    [`${W}/system32/CatRoot/KB\n.cat`, 'a control character in a name'],
    [`${W}/system32/./KB1.cat`, 'outside /mnt/sbs/WINDOWS and /state'],
    [`${W}/../etc/passwd`, 'outside /mnt/sbs/WINDOWS and /state'],
    ['/etc/passwd', 'outside /mnt/sbs/WINDOWS and /state'],
    ['relative/KB1.cat', 'outside /mnt/sbs/WINDOWS and /state'],
    [W, 'outside /mnt/sbs/WINDOWS and /state'],
    [`${W}/`, 'outside /mnt/sbs/WINDOWS and /state'],
  ])('%j -> %s', (path, problem) => {
    expect(pathProblem(path, roots)).toBe(problem);
    // The same answer without the fast path (a root given with a trailing separator never takes it).
    expect(
      pathProblem(
        path,
        roots.map((r) => `${r}/`.replace(/\/+$/, '/')),
      ),
    ).toBe(problem?.replace(/WINDOWS and \/state/, 'WINDOWS/ and /state/'));
  });

  it.each([
    ['KB1.cat', undefined],
    ['', 'a "" component'],
    ['.', 'a "." component'],
    ['..', 'a ".." component'],
    ['a\\b', 'a backslash in a name'],
    ['a\tb', 'a control character in a name'],
  ])('name %j -> %s', (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });
});

describe('a run made before names were checked', () => {
  it('with a backslash and a control character in names is still read back, verified and rolled back', async () => {
    const dir = join('WINDOWS/system32/CatRoot', CATALOG_FOLDER);
    const files = Object.fromEntries(['KB1.cat', 'KB\\2.cat', 'KB\u00073.cat', 'Q\\x'].map((n) => [join(dir, n), catalogBytes(n, 64)]));
    const volume = volumeOf(MapFs.fromFiles(ROOT, { ...files, 'WINDOWS/system32/catroot2/edb.log': 'edb' }));
    const original = await volume.snap();
    const system = await volume.open();
    await expect(planRepair(system)).rejects.toThrow(BadInputError);
    // As the previous version did: the plan without the name check, then applied.
    const plan = await makePlan(repairSteps, repairContext(system, false), {
      playbook: 'catalog-overflow',
      windir: system.layout.windir,
      stateDir: system.stateDir,
    });
    const { run, journal } = await createRun(system.world, plan, { backupConfirmed: false, roots: [system.layout.windir, system.stateDir] });
    await applyRun(system.world, run, journal).finally(() => journal.close());
    expect((await verifyLatest(await volume.open())).verify.problems).toEqual([]);
    await rollback(await volume.open());
    expect(await volume.snap()).toEqual(original);
  });
});
