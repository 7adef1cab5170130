import { describe, expect, it } from 'vitest';
import { CRASH_CATALOGS } from '../helpers/invariants.js';
import { recordedRollback } from '../helpers/power-loss-checks.js';
import { snapOf } from '../helpers/power-loss-scenario.js';

describe('power loss at every mutating operation of a rollback', async () => {
  const recorded = await recordedRollback();
  const points = Array.from({ length: recorded.power.operations }, (_, i) => i + 1);
  const checked = new Set<string>();

  it('rolls back to the original tree when the power stays on', () => {
    expect(snapOf(recorded.power.live)).toEqual(recorded.original);
    expect(points.length).toBeGreaterThan(CRASH_CATALOGS);
  });

  it.each(points)('power lost at rollback op %i, then rollback again: the original tree', async (k) => {
    for (const { name, key, volume } of await recorded.disksAt(k)) {
      if (checked.has(key)) continue;
      checked.add(key);
      await recorded.check(volume, name);
    }
  });
});
