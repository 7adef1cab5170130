import { describe, expect, it } from 'vitest';
import { repair, rollback } from '../../src/repair/repair.js';
import { affectedVolume } from '../helpers/scenario.js';
import { expectEveryFileOnce, CRASH_CATALOGS } from '../helpers/invariants.js';

// SQLite-style crash testing: the k-th mutating operation (file op, journal append or fsync) never
// happens and the process is gone. A fresh process then resumes (one copy of the volume) or rolls
// back (another copy). Every k of the run is tried.
const pristine = affectedVolume({ catalogs: CRASH_CATALOGS });

describe('crash at every mutating operation of a repair', async () => {
  const clean = pristine.copy();
  const { system, count } = await clean.counting();
  const outcome = await repair(system, { backupConfirmed: false });
  const endState = await clean.snap();
  const points = Array.from({ length: count() }, (_, i) => i + 1);

  it('has a run of at least 1,000 file moves to crash in', () => {
    expect(outcome.kind).toBe('repaired');
    expect(points.length).toBeGreaterThan(CRASH_CATALOGS);
  });

  it.each(points)('crash at op %i: resume reaches the planned end state, rollback the original tree', async (k) => {
    const crashed = pristine.copy();
    const original = await crashed.snap();
    await expect(repair(await crashed.open({ kind: 'crash', at: k }), { backupConfirmed: false })).rejects.toThrow();
    expectEveryFileOnce(original, await crashed.snap());
    const other = crashed.copy();

    const resumed = await repair(await crashed.open(), { backupConfirmed: false });
    expect(await crashed.snap()).toEqual(endState);
    if (resumed.kind === 'repaired') expect(resumed.verify.problems).toEqual([]);

    // A crash before the journal's first record leaves no run: then nothing was changed at all.
    await rollback(await other.open()).catch((e: unknown) => expect((e as Error).name).toBe('NoRunError'));
    expect(await other.snap()).toEqual(original);
  });
});
