import { join } from 'node:path';
import { RunInProgressError } from '../errors.js';
import { errorCode } from '../platform/fs.js';
import type { World } from './world.js';

export interface Lock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  host: string;
  at: string;
}

/** One run per system: an exclusive lock file whose holder is checked, so a killed run's lock is not obeyed forever. */
export async function acquireLock(world: World, stateDir: string, me: { pid: number; host: string }): Promise<Lock> {
  const path = join(stateDir, 'lock');
  const holder: Holder = { ...me, at: world.clock.now().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await world.fs.createFile(path, `${JSON.stringify(holder)}\n`);
      return { release: () => world.fs.removeFile(path) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const other = await readHolder(world, path);
    const stale = other && other.host === me.host && !world.processes.isAlive(other.pid);
    if (!stale) {
      const who = other ? `process ${other.pid} on ${other.host} since ${other.at}` : 'an unreadable lock file';
      throw new RunInProgressError(`another catroot-repair run holds ${path} (${who})`, 'Wait for it to finish; if you are sure no run is active, remove that lock file.');
    }
    await world.fs.removeFile(path);
  }
  throw new RunInProgressError(`could not take the lock ${path}: another run took it first`);
}

async function readHolder(world: World, path: string): Promise<Holder | undefined> {
  try {
    return JSON.parse((await world.fs.readFile(path)).toString('utf8')) as Holder;
  } catch {
    return undefined;
  }
}
