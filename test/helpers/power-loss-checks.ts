import { expect } from 'vitest';
import type { Fs } from '../../src/platform/fs.js';
import { repair, rollback } from '../../src/repair/repair.js';
import { CRASH_CATALOGS, expectEveryFileOnce } from './invariants.js';
import { recordRun, snapOf } from './power-loss-scenario.js';
import { affectedVolume, volumeOf } from './scenario.js';

type Volume = ReturnType<typeof volumeOf>;
const pristine = affectedVolume({ catalogs: CRASH_CATALOGS });
const yes = { backupConfirmed: false };

/** A repair interrupted by a power loss: resume reaches the planned end state with its whole proof; rollback (another copy) the original tree. */
export async function repairSurvives(
  volume: Volume,
  name: string,
  expected: { original: Record<string, string>; endState: Record<string, string>; proof: number },
) {
  expectEveryFileOnce(expected.original, snapOf(volume.fs));
  const other = volume.copy();
  const resumed = await repair(await volume.open(), yes);
  expect(snapOf(volume.fs), name).toEqual(expected.endState);
  // Every moved file is in the proof: no group's manifest was lost while its files moved.
  if (resumed.kind === 'repaired') expect(resumed.verify, name).toEqual({ files: expected.proof, problems: [] });
  // The power failed before the journal's first record was durable: no run, and nothing changed.
  await rollback(await other.open()).catch((e: unknown) => expect((e as Error).name, name).toBe('NoRunError'));
  expect(snapOf(other.fs), name).toEqual(expected.original);
}

/** A rollback interrupted by a power loss: rolling back again gives the original tree. */
export async function rollbackSurvives(volume: Volume, name: string, original: Record<string, string>) {
  expectEveryFileOnce(original, snapOf(volume.fs));
  // The final record was durable: the second rollback finds nothing left to do.
  await rollback(await volume.open()).catch((e: unknown) => expect((e as Error).message, name).toMatch(/already rolled back/));
  expect(snapOf(volume.fs), name).toEqual(original);
}

/** The 1,000-catalog repair, recorded through the power-loss model (optionally through `tool`, e.g. without fsyncs), and what a resume must reach. */
export async function recordedRepair(tool?: (fs: Fs) => Fs) {
  const recorded = await recordRun(pristine.fs, (s) => repair(s, yes), tool);
  const { outcome, power } = recorded;
  const expected = { original: snapOf(pristine.fs), endState: snapOf(power.live), proof: outcome.kind === 'repaired' ? outcome.verify.files : 0 };
  return { ...recorded, expected, check: (volume: Volume, name: string) => repairSurvives(volume, name, expected) };
}

/** The rollback of a repaired 1,000-catalog volume, recorded through the power-loss model. */
export async function recordedRollback(tool?: (fs: Fs) => Fs) {
  const repaired = pristine.copy();
  const original = snapOf(repaired.fs);
  await repair(await repaired.open(), yes);
  const recorded = await recordRun(repaired.fs, (s) => rollback(s), tool);
  return { ...recorded, original, check: (volume: Volume, name: string) => rollbackSurvives(volume, name, original) };
}

/** The first crash point whose disk breaks a check, if any: for showing that the model catches a missing fsync. */
export async function firstBroken(recorded: Awaited<ReturnType<typeof recordedRepair | typeof recordedRollback>>) {
  const checked = new Set<string>();
  for (let k = 1; k <= recorded.power.operations; k++) {
    for (const { name, key, volume } of await recorded.disksAt(k)) {
      if (checked.has(key)) continue;
      checked.add(key);
      const error = await recorded.check(volume, name).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      if (error) return { k, name, error: error.message.split('\n')[0] };
    }
  }
  return undefined;
}
