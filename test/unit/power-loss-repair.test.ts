import { describe, expect, it } from 'vitest';
import { repair } from '../../src/repair/repair.js';
import { affectedVolume } from '../helpers/scenario.js';
import { CRASH_CATALOGS } from '../helpers/invariants.js';
import { recordedRepair } from '../helpers/power-loss-checks.js';

// The crash-point enumeration again, but the power fails instead of the process: whatever an fsync of its
// file or its folder had not made durable may be gone (test/helpers/power-loss-fs.ts). Each crash point is
// tried with nothing uncertain kept and with a seeded random part of it kept; a disk already checked from
// an earlier point (most of the lose-all ones) is not checked twice.
describe('power loss at every mutating operation of a repair', async () => {
  const { system, count } = await affectedVolume({ catalogs: CRASH_CATALOGS }).counting();
  await repair(system, { backupConfirmed: false });
  const recorded = await recordedRepair();
  const points = Array.from({ length: recorded.power.operations }, (_, i) => i + 1);
  const checked = new Set<string>();

  it('has a run of at least 1,000 file moves to crash in, its operations counted as the crash points count them', () => {
    expect(recorded.outcome.kind).toBe('repaired');
    expect(points.length).toBeGreaterThan(CRASH_CATALOGS);
    expect(points.length).toBe(count());
  });

  it.each(points)('power lost at op %i: resume reaches the planned end state with its whole proof, rollback the original tree', async (k) => {
    for (const { name, key, volume } of await recorded.disksAt(k)) {
      if (checked.has(key)) continue;
      checked.add(key);
      await recorded.check(volume, name);
    }
  });
});
