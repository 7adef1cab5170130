import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/platform/heap.js';
import { planRepair, repair } from '../../src/repair/repair.js';
import { affectedVolume } from '../helpers/scenario.js';

describe('releasing memory between planning and applying', () => {
  it('collectGarbage runs a full collection: 40 MB that just died are gone at once', () => {
    let garbage: unknown[] | undefined = Array.from({ length: 400_000 }, (_, i) => ({ i, text: `entry ${i}`.repeat(4) }));
    const before = getHeapStatistics().used_heap_size;
    garbage = undefined;
    collectGarbage();
    expect(garbage).toBeUndefined();
    expect(before - getHeapStatistics().used_heap_size).toBeGreaterThan(30 * 2 ** 20);
  });

  it('a new run asks for it before the world is read again under the lock and once the plan is confirmed, before the run folder exists', async () => {
    const volume = affectedVolume({ catalogs: 30 });
    const system = await volume.open();
    const runs = () => [...volume.fs.nodes.keys()].filter((path) => /^\/state\/runs\/[^/]+$/.test(path)).length;
    const calls: number[] = [];
    const releaseMemory = () => calls.push(runs());
    await repair(system, { backupConfirmed: false, releaseMemory, expected: await planRepair(system) });
    expect(calls).toEqual([0, 0]);
    expect(runs()).toBe(1);
    // Done already: nothing to apply, so only the first.
    calls.length = 0;
    await repair(await volume.open(), { backupConfirmed: false, releaseMemory, expected: await planRepair(await volume.open()) });
    expect(calls).toEqual([1]);
  });

  it('a run planned under the lock (no plan shown) asks for it once', async () => {
    const volume = affectedVolume({ catalogs: 30 });
    const calls: number[] = [];
    await repair(await volume.open(), { backupConfirmed: false, releaseMemory: () => calls.push(1) });
    expect(calls).toEqual([1]);
  });
});
