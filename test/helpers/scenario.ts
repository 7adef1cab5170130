import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { affectedServerFiles, type AffectedServerOptions } from '../../src/demo/affected-server.js';
import type { World } from '../../src/engine/world.js';
import { repair } from '../../src/repair/repair.js';
import { openSystem, type System } from '../../src/repair/system.js';
import { faultyFs, type Fault } from './faulty-fs.js';
import { MapFs } from './map-fs.js';
import { memoryWorld } from './memory-world.js';
import { snapshot } from './tree.js';

export const ROOT = '/volume';
export const STATE = '/state';
export const ME = { pid: 4242, host: 'test-host' };

/**
 * A snapshot without the system lock that a killed run leaves in the Windows folder: the next run takes
 * it over and removes it (the tool's own file), even when it then refuses to change anything else.
 */
export function withoutSystemLock(snap: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([path]) => path !== 'WINDOWS/catroot-repair.lock'));
}

/** An affected server on a MapFs; `copy()` gives an independent volume in O(files). */
export function affectedVolume(options: AffectedServerOptions, worldOverrides: Partial<World> = {}) {
  const base = MapFs.fromFiles(ROOT, affectedServerFiles(options));
  return volumeOf(base, worldOverrides);
}

export function volumeOf(fs: MapFs, worldOverrides: Partial<World> = {}) {
  const world: World = { ...memoryWorld().world, ...worldOverrides, fs };
  const open = (fault?: Fault): Promise<System> =>
    openSystem({ ...world, fs: fault ? faultyFs(fs, fault).fs : fs }, { root: ROOT, stateDir: STATE }, ME, catalogOverflow);
  const counting = async () => {
    const counted = faultyFs(fs, { kind: 'crash', at: Number.POSITIVE_INFINITY });
    return { system: await openSystem({ ...world, fs: counted.fs }, { root: ROOT, stateDir: STATE }, ME, catalogOverflow), count: counted.count };
  };
  return { fs, world, open, counting, snap: () => snapshot(fs, ROOT), copy: () => volumeOf(fs.clone(), worldOverrides) };
}

/** A fresh affected volume, repaired: the volume and the outcome of its repair. */
export async function repairedVolume(catalogs: number) {
  const volume = affectedVolume({ catalogs });
  const outcome = await repair(await volume.open(), { backupConfirmed: false });
  if (outcome.kind !== 'repaired') throw new Error(`expected a repair, got ${outcome.kind}`);
  return { volume, outcome };
}
