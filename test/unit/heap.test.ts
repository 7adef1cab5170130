import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/platform/heap.js';
import { repair } from '../../src/repair/repair.js';
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

  it('a new run asks for it once, after the plan is confirmed and before the run folder is written', async () => {
    const volume = affectedVolume({ catalogs: 30 });
    const system = await volume.open();
    const calls: boolean[] = [];
    const releaseMemory = () => calls.push(volume.fs.nodes.has(`${system.stateDir}/runs`));
    await repair(system, { backupConfirmed: false, releaseMemory });
    expect(calls).toEqual([false]);
    // Done already: nothing was planned to apply, so nothing to release.
    await repair(await volume.open(), { backupConfirmed: false, releaseMemory });
    expect(calls).toEqual([false]);
  });
});
