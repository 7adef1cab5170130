import { describe, expect, it } from 'vitest';
import { repair, rollback } from '../../src/repair/repair.js';
import { affectedVolume } from '../helpers/scenario.js';
import { expectEveryFileOnce, CRASH_CATALOGS } from '../helpers/invariants.js';

const pristine = affectedVolume({ catalogs: CRASH_CATALOGS });

describe('crash at every mutating operation of a rollback', async () => {
  const repaired = pristine.copy();
  const original = await repaired.snap();
  await repair(await repaired.open(), { backupConfirmed: false });
  const { system, count } = await repaired.copy().counting();
  await rollback(system);
  const points = Array.from({ length: count() }, (_, i) => i + 1);

  it.each(points)('crash at rollback op %i, then rollback again: the original tree', async (k) => {
    const volume = repaired.copy();
    await expect(rollback(await volume.open({ kind: 'crash', at: k }))).rejects.toThrow();
    expectEveryFileOnce(original, await volume.snap());
    // Killed after the final record was written: the second rollback finds nothing left to do.
    await rollback(await volume.open()).catch((e: unknown) => expect((e as Error).message).toMatch(/already rolled back/));
    expect(await volume.snap()).toEqual(original);
  });
});
