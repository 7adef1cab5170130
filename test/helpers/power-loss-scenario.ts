import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { World } from '../../src/engine/world.js';
import type { AppendLog, Fs } from '../../src/platform/fs.js';
import { openSystem, type System } from '../../src/repair/system.js';
import type { MapFs } from './map-fs.js';
import { memoryWorld } from './memory-world.js';
import { PowerLossFs } from './power-loss-fs.js';
import type { Survival } from './power-loss-image.js';
import { ME, ROOT, STATE, volumeOf } from './scenario.js';

/**
 * Every crash point is tried with nothing uncertain kept, and with a seeded random part of it kept. Right
 * after an fsync, where what is durable has just changed, also with everything kept but the oldest
 * uncertain change of names: the ordering bug a random draw can miss.
 */
export const survivalsAt = (k: number, afterSync: boolean): Array<[string, Survival]> => [
  ['lose-all', { kind: 'lose-all' }],
  [`random(${k})`, { kind: 'random', seed: k }],
  ...(afterSync ? [['all-but-oldest', { kind: 'all-but-oldest' }] as [string, Survival]] : []),
];

/** The tool with every fsync (of files and of folders) made a no-op: what the model must catch. */
export function withoutFsyncs(fs: Fs): Fs {
  const openAppend = async (path: string): Promise<AppendLog> => ({ ...(await fs.openAppend(path)), sync: async () => {} });
  return new Proxy(fs, { get: (target, key) => (key === 'syncDir' ? async () => {} : key === 'openAppend' ? openAppend : Reflect.get(target, key)) });
}

/**
 * Runs `operation` once, to the end, on a copy of `volume` through the power-loss model. The run is
 * deterministic, so the log of this one run gives the disk a power loss at any of its operations leaves:
 * the crash enumeration without running the repair again up to each point.
 */
export async function recordRun<T>(volume: MapFs, operation: (system: System) => Promise<T>, tool: (fs: Fs) => Fs = (fs) => fs) {
  const power = new PowerLossFs(volume.clone());
  const world: World = { ...memoryWorld().world, fs: tool(power) };
  const outcome = await operation(await openSystem(world, { root: ROOT, stateDir: STATE }, ME, catalogOverflow));
  return { power, outcome, disksAt: (k: number) => disksAt(power, k, world) };
}

/** The disks the power failing as operation k began may leave, one per survival: volumes to resume or roll back on. */
async function disksAt(power: PowerLossFs, k: number, world: World) {
  return Promise.all(
    survivalsAt(k, power.isSync(k - 1)).map(async ([name, survival]) => {
      const disk = await power.afterPowerLoss(survival, k);
      // The crashed run's clock goes on, as the real one would: a new run is named after the old one.
      return { name, key: imageKey(disk), volume: volumeOf(disk, { clock: world.clock }) };
    }),
  );
}

/** `snapshot` read straight from a MapFs (relative path -> sha256, 'dir' or 'link'): thousands of times per suite. */
export function snapOf(fs: MapFs, root = ROOT): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, node] of fs.nodes) {
    if (!path.startsWith(`${root}/`)) continue;
    out[relative(root, path)] = node.kind === 'file' ? createHash('sha256').update(node.data).digest('hex') : node.kind;
  }
  return out;
}

/** Equal keys, equal disks (names, kinds, bytes, state folder included): many crash points leave the same disk, checked once. */
export function imageKey(fs: MapFs): string {
  const hash = createHash('sha256');
  for (const path of [...fs.nodes.keys()].sort()) {
    const node = fs.nodes.get(path);
    hash.update(`${path}\0${node?.kind}\0`);
    if (node?.kind === 'file') hash.update(node.data);
  }
  return hash.digest('hex');
}
