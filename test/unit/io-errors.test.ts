import { describe, expect, it } from 'vitest';
import { repair, rollback } from '../../src/repair/repair.js';
import { RepairFailedError } from '../../src/errors.js';
import { affectedVolume } from '../helpers/scenario.js';
import { expectEveryFileOnce } from '../helpers/invariants.js';

const pristine = affectedVolume({ catalogs: 300 });

describe('injected I/O errors', async () => {
  const clean = pristine.copy();
  const { system, count } = await clean.counting();
  await repair(system, { backupConfirmed: false });
  const endState = await clean.snap();
  const ops = count();
  const points = [1, 2, 3, 5, 8, 40, 200, ops - 20, ops - 5, ops - 1];

  it.each(points.flatMap((k) => ['EBUSY', 'EACCES'].map((code) => [k, code] as const)))(
    'a sharing violation at op %i (%s) is retried and the run finishes',
    async (k, code) => {
      const volume = pristine.copy();
      await repair(await volume.open({ kind: 'transient', at: k, code }), { backupConfirmed: false }).catch(() => undefined);
      // Renames are retried in place; any other failed operation stops the run, and a second run finishes it.
      await repair(await volume.open(), { backupConfirmed: false });
      expect(await volume.snap()).toEqual(endState);
    },
  );

  it.each(points)('a persistent EIO from op %i stops the run consistently; rollback restores the tree', async (k) => {
    const volume = pristine.copy();
    const original = await volume.snap();
    const error = await repair(await volume.open({ kind: 'persistent', from: k, code: 'EIO' }), { backupConfirmed: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    if (error instanceof RepairFailedError) expect(error.hint).toMatch(/resume|rollback/);
    expectEveryFileOnce(original, await volume.snap());
    await rollback(await volume.open()).catch((e: unknown) => expect((e as Error).name).toBe('NoRunError'));
    expect(await volume.snap()).toEqual(original);
  });

  it('retries a rename held by another process with doubling delays, then moves the file', async () => {
    const volume = pristine.copy();
    const sleeps: number[] = [];
    const clock = { now: () => new Date(), sleep: async (ms: number) => void sleeps.push(ms) };
    const system = await volume.open();
    let refusals = 3;
    const rename = async (from: string, to: string) => {
      if (/kb820007/i.test(from) && refusals-- > 0) throw Object.assign(new Error('EBUSY: held by antivirus'), { code: 'EBUSY' });
      return volume.fs.rename(from, to);
    };
    const fs = new Proxy(volume.fs, { get: (target, key) => (key === 'rename' ? rename : (target as any)[key].bind(target)) });
    await repair({ ...system, world: { ...system.world, fs, clock } }, { backupConfirmed: false });
    expect(sleeps).toEqual([1, 2, 4]);
    expect(await volume.snap()).toEqual(endState);
  });
});
